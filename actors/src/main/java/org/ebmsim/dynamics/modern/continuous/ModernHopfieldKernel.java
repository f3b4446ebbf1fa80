package org.ebmsim.dynamics.modern.continuous;

import org.ebmsim.dynamics.sampling.ClampMask;
import org.ebmsim.dynamics.sampling.SingleLayerKernel;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * The single real layer of a {@link ModernHopfield} network for a batch of chains in the session
 * engine: one {@link #update} is Ramsauer's update {@code v ← ξᵀ softmax(β ξ v)} of every free
 * unit of every chain at once (the known units of a clamped cue keep their values).
 *
 * <p>Per chain it costs two passes over ξ (logits, then the weighted sum), O(pN), in primitive
 * loops with double accumulators; a chain's result does not depend on the batch, so the engine
 * may split batches freely. The sessions run at most 1024 chains of a model of at most
 * max-units × max-patterns, small enough that BLAS would not pay for its copies here (the batched
 * GEMM path is {@link ModernHopfieldDynamics}).
 *
 * <p>Fixed points: float32 states could otherwise cycle in their last bits forever. A unit whose
 * new value lies within {@value #TOLERANCE} (relative to the larger of its value and the
 * patterns' typical entry) of its old value keeps the old value and does not count as changed, so
 * a run stops at a sweep with no change, as the engine's deterministic modes expect.
 */
public final class ModernHopfieldKernel implements SingleLayerKernel {
  /** Relative change below which a unit is held (see the class comment). */
  public static final double TOLERANCE = 1e-6;
  private static final java.util.SplittableRandom[] NO_STREAMS = new java.util.SplittableRandom[0];

  private final ModernHopfield network;
  private final LayerShape shape;
  private final int chains;
  private final float[] states;
  private final LayerBlock view;
  private final ClampMask clamps;
  private final double entryScale;
  private final double[] weights;
  private final double[] next;

  /**
   * A kernel owning {@code initial} (chains × N floats) from now on.
   *
   * @throws IllegalArgumentException if the block is not float rows of N units
   */
  public ModernHopfieldKernel(ModernHopfield network, LayerShape shape, LayerBlock initial) {
    if (!initial.isFloat() || initial.units() != network.units()) {
      throw new IllegalArgumentException("initial states must be float rows of " + network.units() + " units");
    }
    this.network = network;
    this.shape = shape;
    this.chains = initial.rows();
    this.states = initial.floats();
    this.view = initial;
    this.clamps = new ClampMask(network.units());
    this.entryScale = network.entryScale();
    this.weights = new double[network.patternCount()];
    this.next = new double[network.units()];
  }

  @Override
  public LayerShape shape() {
    return shape;
  }

  @Override
  public int chains() {
    return chains;
  }



  /** One synchronous update of chains {@code [from, to)}; the temperature is not used (deterministic). */
  @Override
  public long update(int from, int to, long sweep, double temperature) {
    int n = network.units();
    int p = network.patternCount();
    float[] xi = network.patternArray();
    boolean[] clamped = clamps.mask();
    long changed = 0;
    for (int c = from; c < to; c++) {
      int offset = c * n;
      network.logits(states, offset, weights);
      ModernHopfield.softmaxInPlace(weights);
      java.util.Arrays.fill(next, 0);
      for (int mu = 0; mu < p; mu++) {
        double w = weights[mu];
        int row = mu * n;
        for (int i = 0; i < n; i++) {
          next[i] += w * xi[row + i];
        }
      }
      for (int i = 0; i < n; i++) {
        if (clamped != null && clamped[i]) { // null: nothing clamped
          continue;
        }
        float old = states[offset + i];
        float x = (float) next[i];
        if (Math.abs(x - old) > TOLERANCE * Math.max(Math.abs(old), entryScale)) {
          states[offset + i] = x;
          changed++;
        }
      }
    }
    return changed;
  }



  /** Exact energies (double accumulation) of chains {@code [from, to)}: O(pN) each. */
  @Override
  public void addEnergies(int from, int to, double[] out) {
    for (int c = from; c < to; c++) {
      out[c] += network.energy(states, c * network.units(), weights);
    }
  }

  @Override
  public LayerBlock states() {
    return view;
  }

  @Override
  public int freeUnits() {
    return clamps.free();
  }

  @Override
  public void clamp(int unit, double value) {
    for (int c = 0; c < chains; c++) {
      states[c * network.units() + unit] = (float) value;
    }
    clamps.clamp(unit);
  }

  @Override
  public void release(int unit) {
    clamps.release(unit);
  }

  @Override
  public boolean rowIndependent() {
    return true;
  }

  /** None: the update is deterministic, so a checkpoint holds the states alone. */
  @Override
  public java.util.SplittableRandom[] randomStreams() {
    return NO_STREAMS;
  }

  /**
   * Any sweep boundary: the next states are a function of the current states and the clamps
   * (which a rebuilt group re-applies from the session's clamp log) — the hold rule compares a
   * unit's new value with its current one, not with anything older — and energies are recomputed
   * from the states; {@code weights} and {@code next} are scratch overwritten before each use.
   */
  @Override
  public boolean resumableAfter(long sweeps) {
    return true;
  }
}
