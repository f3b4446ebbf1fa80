package org.ebmsim.dynamics.modern.ham;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.layered.LayerDynamics;

/**
 * A run of a {@link HamNetwork} split over independent layer workers (one actor per layer): the
 * per-layer {@link LayerStepper}s built exactly as {@link HamIntegrator} builds them (same
 * validation, same per-layer random streams), each behind {@link LayerDynamics} so that the
 * workers need not know the model.
 */
public final class HamSteppers {
  private HamSteppers() {}

  /**
   * One stepper per layer (as {@link LayerDynamics}), as {@link HamIntegrator} (T = 0) or {@link HamLangevinIntegrator} (T > 0)
   * would drive them. An adiabatic top layer's stepper is deterministic and only ever
   * {@link LayerStepper#relax}ed.
   *
   * @param temperature T ≥ 0; T > 0 requires {@link StepMethod#EULER} and a Boltzmann law
   * @param clamped null, or one mask (null = none) per layer
   * @throws IllegalArgumentException for anything {@link HamIntegrator} or
   *     {@link HamLangevinIntegrator} refuses, with their messages
   */
  public static LayerDynamics[] create(HamNetwork network, StepMethod method, double dt, boolean adiabaticTop,
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
    LayerDynamics[] steppers = new LayerDynamics[layers];
    // the same split order as HamIntegrator: one stream per layer, split whether or not it is used
    SplittableRandom root = new SplittableRandom(seed);
    for (int a = 0; a < layers; a++) {
      boolean[] mask = clamped == null ? null : clamped[a];
      SplittableRandom layerRandom = root.split();
      steppers[a] = new HamLayerDynamics(network, temperature > 0 && !(adiabaticTop && a == layers - 1)
          ? LayerStepper.langevin(network, a, dt, temperature, mask, x0[a], layerRandom)
          : LayerStepper.deterministic(network, a, method, dt, mask, x0[a]));
    }
    return steppers;
  }
}
