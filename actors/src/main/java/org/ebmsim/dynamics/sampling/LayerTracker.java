package org.ebmsim.dynamics.sampling;

import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;

/**
 * Per-layer bookkeeping of a batch: a copy of each chain's best state (at the sweep its energy
 * was lowest) and the sums of the averaging window (states after a given sweep, over chains).
 *
 * <p>Window sums, per unit: for SPIN and BINARY how many averaged states had the unit at its high
 * value (+1 or 1); for REAL the sum of its values; for CATEGORICAL how many had each level
 * ({@code units × levels}). Sums of several batches add up; divide by the states averaged.
 */
public final class LayerTracker {
  private final LayerShape shape;
  private final LayerBlock best;
  private final double[] sums; // units (SPIN, BINARY, REAL) or units × levels (CATEGORICAL)
  private long averaged;

  /** @param like storage kind to copy into (the kernel's live block) */
  public LayerTracker(LayerBlock like) {
    this.shape = like.shape();
    this.best = like.copy();
    this.sums = new double[shape.type() == ValueType.CATEGORICAL ? shape.units() * shape.levels() : shape.units()];
  }

  /** Copies chain c's current state (from {@code live}) as its best. */
  public void recordBest(int c, LayerBlock live) {
    live.copyRow(c, best, c);
  }

  /** Adds chains {@code [from, to)} of {@code live} to the averaging window. */
  public void accumulate(LayerBlock live, int from, int to) {
    int n = shape.units();
    ValueType type = shape.type();
    for (int c = from; c < to; c++) {
      int base = c * n;
      if (live.isFloat()) {
        float[] v = live.floats();
        for (int i = 0; i < n; i++) {
          add(type, i, v[base + i]);
        }
      } else {
        byte[] v = live.bytes();
        for (int i = 0; i < n; i++) {
          add(type, i, v[base + i]);
        }
      }
    }
    averaged += to - from;
  }

  private void add(ValueType type, int i, double x) {
    switch (type) {
      case SPIN, BINARY -> sums[i] += x > 0 ? 1 : 0;
      case REAL -> sums[i] += x;
      case CATEGORICAL -> sums[i * shape.levels() + (int) x] += 1;
    }
  }

  /** States (chain × sweep) in the averaging window so far. */
  public long averaged() {
    return averaged;
  }

  /** Chain c's best state as a new one-row block. */
  public LayerBlock bestState(int c) {
    return best.copyRows(new int[] {c});
  }

  /** Best states of the given chains as a new block (rows in that order). */
  public LayerBlock bestStates(int[] chains) {
    return best.copyRows(chains);
  }

  /** The window's raw sums (counts of high values, sums of reals, or counts per level). */
  public double[] sums() {
    return sums.clone();
  }

  public LayerShape shape() {
    return shape;
  }

  /** A copy of every chain's best state (rows = chains), for a checkpoint. */
  public LayerBlock bestStates() {
    return best.copy();
  }

  /** Sets the best states, window sums and averaged count, as saved from {@link #bestStates}, {@link #sums} and {@link #averaged}. */
  public void restore(LayerBlock bestStates, double[] windowSums, long averagedStates) {
    if (bestStates.rows() != best.rows() || windowSums.length != sums.length) {
      throw new IllegalArgumentException("saved tracker does not match this layer's chains and units");
    }
    for (int c = 0; c < best.rows(); c++) {
      bestStates.copyRow(c, best, c);
    }
    System.arraycopy(windowSums, 0, sums, 0, sums.length);
    averaged = averagedStates;
  }
}
