package org.ebmsim.dynamics.modern.vmf;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.SingleLayerKernel;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * Model C's direction layer for a batch of chains: every update replaces each chain's state by an
 * exact, independent draw from the von Mises–Fisher law at that sweep's temperature, mean η/‖η‖
 * and concentration β‖η‖/T (Wood's algorithm). The law has no conditional structure to exploit,
 * so a whole-layer fresh draw is both the heat-bath update and an exact sampler: successive sweeps
 * are independent, which the session's diagnostics then show as an autocorrelation of zero.
 *
 * <p>Chain c draws from stream {@code STREAM_LAYER_BASE} of its global index, so its samples do
 * not depend on how chains are grouped. States are float32 unit vectors; energies
 * {@code −ηᵀv/‖v‖} are computed in double from them.
 */
public final class VmfKernel implements SingleLayerKernel {
  private final double[] eta;
  private final double inverseTemperature;
  private final LayerShape shape;
  private final int chains;
  private final float[] states;
  private final LayerBlock view;
  private final SplittableRandom[] rngs;
  private double lawTemperature = Double.NaN;
  private VonMisesFisher law;

  /**
   * @param eta η = Σ_μ ξ_μ (N ≥ 2 entries)
   * @param inverseTemperature β ≥ 0
   */
  public VmfKernel(double[] eta, double inverseTemperature, LayerShape shape, KernelSetup setup) {
    LayerBlock initial = setup.initial();
    if (!initial.isFloat() || initial.units() != eta.length) {
      throw new IllegalArgumentException("initial states must be float rows of " + eta.length + " units");
    }
    this.eta = eta.clone();
    this.inverseTemperature = inverseTemperature;
    this.shape = shape;
    this.chains = setup.chains();
    this.states = initial.floats();
    this.view = initial;
    this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE, setup.firstChain(), chains);
  }

  /**
   * The law at temperature T (cached: a sweep's chain ranges share it): model C of the single
   * pattern η at β/T, which {@link VonMisesFisher#ofModelC} turns into the uniform law when η = 0.
   */
  private VonMisesFisher law(double temperature) {
    if (temperature != lawTemperature) {
      law = VonMisesFisher.ofModelC(eta.length, 1, eta, inverseTemperature / temperature);
      lawTemperature = temperature;
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



  /** Fresh draws for chains {@code [from, to)}; every unit changes (a continuous law). */
  @Override
  public long update(int from, int to, long sweep, double temperature) {
    VonMisesFisher at = law(temperature);
    int n = eta.length;
    for (int c = from; c < to; c++) {
      double[] x = at.sample(1, rngs[c]);
      for (int i = 0; i < n; i++) {
        states[c * n + i] = (float) x[i];
      }
    }
    return (long) (to - from) * n;
  }



  @Override
  public void addEnergies(int from, int to, double[] out) {
    for (int c = from; c < to; c++) {
      out[c] += energy(eta, states, c * eta.length);
    }
  }

  /** {@code −ηᵀv/‖v‖} of the state at {@code states[offset ..]}, in double (0 for the zero vector). */
  public static double energy(double[] eta, float[] states, int offset) {
    double dot = 0;
    double sq = 0;
    for (int i = 0; i < eta.length; i++) {
      double v = states[offset + i];
      dot += eta[i] * v;
      sq += v * v;
    }
    return sq == 0 ? 0 : -dot / Math.sqrt(sq);
  }

  @Override
  public LayerBlock states() {
    return view;
  }

  @Override
  public int freeUnits() {
    return eta.length;
  }

  /** Not offered: a direction has no free coordinates once some are fixed (the layout refuses clamps). */
  @Override
  public void clamp(int unit, double value) {
    throw new IllegalStateException("model C's units cannot be clamped");
  }

  @Override
  public void release(int unit) {
    throw new IllegalStateException("model C's units cannot be clamped");
  }

  @Override
  public boolean rowIndependent() {
    return true;
  }

  /** The chains' streams: with the states, all of the history. */
  @Override
  public SplittableRandom[] randomStreams() {
    return rngs;
  }

  /**
   * Any sweep boundary: each draw depends only on the chain's stream and the sweep's temperature
   * (the cached law is a function of the temperature, rebuilt on a new kernel's first update);
   * energies are recomputed from the states, and there are no clamps.
   */
  @Override
  public boolean resumableAfter(long sweeps) {
    return true;
  }
}
