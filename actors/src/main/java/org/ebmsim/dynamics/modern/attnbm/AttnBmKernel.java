package org.ebmsim.dynamics.modern.attnbm;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.sampling.ClampMask;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.SingleLayerKernel;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * An AttnBM's visible layer for a batch of chains: every update replaces each chain's free units
 * by an exact, independent draw from the law at that sweep's temperature, e^{−βE/T}, a mixture
 * of Gaussians when β/T is a positive integer (the sessions refuse other temperatures beforehand,
 * {@link AttnBm#samplingProblemAt}). With units clamped the draw is from the conditional law of
 * the free units given the clamped ones, itself an AttnBM ({@link AttnBm#conditional}), so a
 * completion's average is the exact conditional mean up to sampling error.
 *
 * <p>Chain c draws from stream {@code STREAM_LAYER_BASE} of its global index. The law (and its
 * conditional) is rebuilt only when the temperature or the clamps change.
 */
public final class AttnBmKernel implements SingleLayerKernel {
  private final AttnBm model;
  private final LayerShape shape;
  private final int chains;
  private final int n;
  private final float[] states;
  private final LayerBlock view;
  private final SplittableRandom[] rngs;
  private final ClampMask clamps;
  private final double[] clampValues;
  private double lawTemperature = Double.NaN;
  private boolean clampsChanged = true;
  private AttnBm law; // at β/T, conditioned on the clamped units when there are some
  private int[] free = new int[0];
  private final double[] row;

  public AttnBmKernel(AttnBm model, LayerShape shape, KernelSetup setup) {
    LayerBlock initial = setup.initial();
    if (!initial.isFloat() || initial.units() != model.visibleUnits()) {
      throw new IllegalArgumentException("initial states must be float rows of " + model.visibleUnits() + " units");
    }
    this.model = model;
    this.shape = shape;
    this.chains = setup.chains();
    this.n = model.visibleUnits();
    this.states = initial.floats();
    this.view = initial;
    this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE, setup.firstChain(), chains);
    this.clamps = new ClampMask(n);
    this.clampValues = new double[n];
    this.row = new double[n];
  }

  private AttnBm law(double temperature) {
    if (temperature != lawTemperature || clampsChanged) {
      AttnBm at = model.atInverseTemperature(model.inverseTemperature() / temperature);
      boolean[] clamped = clamps.mask();
      int count = 0;
      for (int i = 0; i < n; i++) {
        count += clamped != null && clamped[i] ? 0 : 1;
      }
      free = new int[count];
      for (int i = 0, k = 0; i < n; i++) {
        if (clamped == null || !clamped[i]) {
          free[k++] = i;
        }
      }
      if (count == n) {
        law = at;
      } else if (count > 0) {
        boolean[] observed = new boolean[n];
        for (int i = 0; i < n; i++) {
          observed[i] = clamped[i];
        }
        law = at.conditional(observed, clampValues);
      } else {
        law = null; // everything clamped: nothing to draw
      }
      lawTemperature = temperature;
      clampsChanged = false;
    }
    return law;
  }

  @Override
  public LayerShape shape() {
    return shape;
  }

  @Override
  public int chains() {
    return chains;
  }

  @Override
  public long update(int from, int to, long sweep, double temperature) {
    AttnBm at = law(temperature);
    if (at == null) {
      return 0;
    }
    for (int c = from; c < to; c++) {
      double[] x = at.sample(1, rngs[c]);
      for (int k = 0; k < free.length; k++) {
        states[c * n + free[k]] = (float) x[k];
      }
    }
    return (long) (to - from) * free.length;
  }

  /** E(v) = ½‖v − b‖² − log Σ_μ exp(ξ_μ·(v − b) + c_μ) of each chain, in double. */
  @Override
  public void addEnergies(int from, int to, double[] out) {
    for (int c = from; c < to; c++) {
      for (int i = 0; i < n; i++) {
        row[i] = states[c * n + i];
      }
      out[c] += model.energy(row);
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
      states[c * n + unit] = (float) value;
    }
    clampValues[unit] = (float) value; // the value the chains hold
    clamps.clamp(unit);
    clampsChanged = true;
  }

  @Override
  public void release(int unit) {
    clamps.release(unit);
    clampsChanged = true;
  }

  @Override
  public boolean rowIndependent() {
    return true;
  }

  /** The chains' streams: with the states (and the clamps the group re-applies), all of the history. */
  @Override
  public SplittableRandom[] randomStreams() {
    return rngs;
  }

  /**
   * Any sweep boundary: a sweep's draws depend only on the chain's stream, the sweep's temperature
   * and the clamps with their values (re-applied by a rebuilt group from the session's clamp log
   * before its states are restored); the cached law is a function of those, rebuilt on the first
   * update (a new kernel starts with no law), and the model's cached tuple statistics are a
   * function of the model. Energies are recomputed from the states.
   */
  @Override
  public boolean resumableAfter(long sweeps) {
    return true;
  }
}
