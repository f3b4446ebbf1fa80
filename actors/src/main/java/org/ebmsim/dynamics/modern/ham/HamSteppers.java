package org.ebmsim.dynamics.modern.ham;

import java.util.SplittableRandom;

/**
 * What a run of a {@link HamNetwork} split over independent layer workers (one actor per layer)
 * needs from the math: the per-layer {@link LayerStepper}s built exactly as {@link HamIntegrator}
 * builds them (same validation, same per-layer random streams), and the energy as a sum of terms
 * each computable by one layer from its own state and its lower neighbour's output, added in the
 * order {@link HamNetwork#energy(double[][], double[][])} adds them so that the total is the same
 * double, bit for bit.
 */
public final class HamSteppers {
  private HamSteppers() {}

  /**
   * One stepper per layer, as {@link HamIntegrator} (T = 0) or {@link HamLangevinIntegrator} (T > 0)
   * would drive them. An adiabatic top layer's stepper is deterministic and only ever
   * {@link LayerStepper#relax}ed.
   *
   * @param temperature T ≥ 0; T > 0 requires {@link StepMethod#EULER} and a Boltzmann law
   * @param clamped null, or one mask (null = none) per layer
   * @throws IllegalArgumentException for anything {@link HamIntegrator} or
   *     {@link HamLangevinIntegrator} refuses, with their messages
   */
  public static LayerStepper[] create(HamNetwork network, StepMethod method, double dt, boolean adiabaticTop,
      boolean[][] clamped, double[][] x0, double temperature, long seed) {
    if (network == null || method == null) {
      throw new IllegalArgumentException("a run needs a network and a step method");
    }
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and >= 0 (got " + temperature + ")");
    }
    network.requireState(x0);
    int layers = network.layers();
    if (clamped != null && clamped.length != layers) {
      throw new IllegalArgumentException("clamp masks need one entry per layer: " + layers + " (got " + clamped.length
          + "; a null entry means no clamped unit)");
    }
    if (temperature > 0) {
      if (method != StepMethod.EULER) {
        throw new IllegalArgumentException("Langevin dynamics (temperature > 0) is integrated by Euler-Maruyama only"
            + " (got " + method + ")");
      }
      for (int a = 0; a < layers; a++) {
        if (clamped != null && clamped[a] != null && clamped[a].length != network.layer(a).size()) {
          throw new IllegalArgumentException("clamp mask of layer " + a + " must have " + network.layer(a).size()
              + " entries (got " + clamped[a].length + ")");
        }
      }
      HamLangevinIntegrator.requireBoltzmannLaw(network, adiabaticTop, clamped);
    }
    LayerStepper[] steppers = new LayerStepper[layers];
    // the same split order as HamIntegrator: one stream per layer, split whether or not it is used
    SplittableRandom root = new SplittableRandom(seed);
    for (int a = 0; a < layers; a++) {
      boolean[] mask = clamped == null ? null : clamped[a];
      SplittableRandom layerRandom = root.split();
      steppers[a] = temperature > 0 && !(adiabaticTop && a == layers - 1)
          ? LayerStepper.langevin(network, a, dt, temperature, mask, x0[a], layerRandom)
          : LayerStepper.deterministic(network, a, method, dt, mask, x0[a]);
    }
    return steppers;
  }

  /** Layer {@code a}'s own energy term {@code x·g − L(x)} at the stepper's committed state. */
  public static double legendre(HamNetwork network, LayerStepper stepper) {
    return network.layer(stepper.layer()).lagrangian().legendre(stepper.stateView(), stepper.output());
  }

  /**
   * Layer {@code a}'s coupling to the layer below, {@code g^a·ξ^{(a,a−1)} g^{a−1}} (0 for the
   * bottom layer); {@code gBelow} and {@code g} are not modified.
   */
  public static double coupling(HamNetwork network, int a, double[] gBelow, double[] g) {
    if (a == 0) {
      return 0;
    }
    double[] up = new double[network.layer(a).size()];
    network.synapse(a - 1).forward(gBelow, up);
    double dot = 0;
    for (int i = 0; i < up.length; i++) {
      dot += up[i] * g[i];
    }
    return dot;
  }

  /**
   * {@code E = Σ_a legendre[a] − Σ_{a≥1} coupling[a]}, summed in the order of
   * {@link HamNetwork#energy(double[][], double[][])}.
   */
  public static double energy(double[] legendre, double[] coupling) {
    double e = 0;
    for (double l : legendre) {
      e += l;
    }
    for (int a = 1; a < coupling.length; a++) {
      e -= coupling[a];
    }
    return e;
  }

  /** {@code max_i |after_i − before_i|}; neither array is modified. */
  public static double maxChange(double[] before, double[] after) {
    double m = 0;
    for (int i = 0; i < before.length; i++) {
      m = Math.max(m, Math.abs(after[i] - before[i]));
    }
    return m;
  }
}
