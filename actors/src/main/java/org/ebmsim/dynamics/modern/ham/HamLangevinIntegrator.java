package org.ebmsim.dynamics.modern.ham;

/**
 * The stochastic HAM: Euler–Maruyama steps of
 * {@code τ_A dx^A = (I^A − x^A) dt + sqrt(2 T τ_A) dW}, whose stationary law is the Boltzmann law
 * {@code p(x) ∝ exp(−E(x)/T)} (as dt → 0) exactly when the deterministic drift is the energy's
 * negative gradient. Since {@code ∂E/∂x^A = H^A (x^A − I^A)} with {@code H^A} the Lagrangian's
 * Hessian, that holds when every evolving layer has the identity Lagrangian ({@code H = I}).
 *
 * <p>Which layers may evolve: identity layers only. The top layer may have any Lagrangian when it
 * is adiabatic (it then contributes {@code −L^L(ξ g^{L−1})} to a reduced energy of the layers
 * below, e.g. softmax gives the attentional Boltzmann machine of MATH.md §5), and any layer may
 * have any Lagrangian when all its units are clamped (a partly clamped adiabatic top layer must be
 * element-wise: only then do its free units sit at the energy minimum given the clamped ones).
 * The other Lagrangians have no Boltzmann law in x: their term {@code x·g − L} is bounded
 * (sigmoid, tanh), flat for x < 0 (ReLU) or flat along the all-ones direction (softmax), so
 * {@code exp(−E/T)} is not normalizable. The law exists only when E grows fast enough; e.g. for
 * all-identity layers the quadratic form must be positive definite — the caller's responsibility.
 *
 * <p>Deterministic: the same arguments and seed give the same trajectory (one random stream per
 * layer, split from the seed in layer order).
 */
public final class HamLangevinIntegrator {
  private final HamIntegrator integrator;
  private final double temperature;

  /**
   * @param temperature T, finite and > 0
   * @param seed seeds the layers' random streams
   * @throws IllegalArgumentException for dt ≤ 0, T ≤ 0, a wrong shape, or an evolving layer
   *     that is not identity
   */
  public HamLangevinIntegrator(HamNetwork network, double dt, double temperature, boolean adiabaticTop,
      boolean[][] clamped, double[][] x0, long seed) {
    requireTemperature(temperature);
    requireBoltzmannLaw(network, adiabaticTop, clamped);
    this.integrator = new HamIntegrator(network, StepMethod.EULER, dt, adiabaticTop, clamped, x0, temperature, seed);
    this.temperature = temperature;
  }

  /**
   * The whole network may evolve under noise and sample {@code exp(−E/T)}: every evolving layer
   * is identity or fully clamped, and a partly clamped adiabatic top layer is element-wise.
   *
   * @throws IllegalArgumentException saying which layer breaks which rule
   */
  static void requireBoltzmannLaw(HamNetwork network, boolean adiabaticTop, boolean[][] clamped) {
    if (network == null) {
      throw new IllegalArgumentException("an integrator needs a network");
    }
    int evolving = adiabaticTop ? network.layers() - 1 : network.layers();
    for (int a = 0; a < evolving; a++) {
      requireBoltzmannLaw(network, a, clamped == null ? null : clamped[a]);
    }
    if (adiabaticTop) {
      int top = network.layers() - 1;
      boolean[] mask = clamped == null ? null : clamped[top];
      Lagrangian l = network.layer(top).lagrangian();
      if (mask != null && anyTrue(mask) && !allTrue(mask) && !l.elementWise()) {
        // free units at their fixed point minimize E only if the Hessian does not couple them to the clamped ones
        throw new IllegalArgumentException("an adiabatic top layer with a coupled Lagrangian ('" + l.kind()
            + "') must be clamped entirely or not at all: with some units clamped its free units are not at the"
            + " energy minimum and the law is not exp(-E/T)");
      }
    }
  }

  static void requireTemperature(double temperature) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and > 0 (got " + temperature
          + "); for T = 0 use HamIntegrator");
    }
  }

  /** Layer {@code a} may evolve under noise: identity Lagrangian, or every unit clamped. */
  static void requireBoltzmannLaw(HamNetwork network, int a, boolean[] clamped) {
    boolean allClamped = clamped != null && allTrue(clamped);
    Lagrangian l = network.layer(a).lagrangian();
    if (!allClamped && !l.unitHessian()) {
      throw new IllegalArgumentException("Langevin sampling of exp(-E/T) needs the identity Lagrangian on every"
          + " evolving layer, but layer " + a + " is '" + l.kind() + "' (exp(-E/T) is not normalizable in its"
          + " state); make it the adiabatic top layer, clamp all its units, or use HamIntegrator");
    }
  }

  private static boolean anyTrue(boolean[] mask) {
    for (boolean b : mask) {
      if (b) {
        return true;
      }
    }
    return false;
  }

  private static boolean allTrue(boolean[] mask) {
    for (boolean b : mask) {
      if (!b) {
        return false;
      }
    }
    return true;
  }

  public double temperature() {
    return temperature;
  }

  /** One Euler–Maruyama step; returns the energy of the new state. */
  public double step() {
    return integrator.step();
  }

  /** {@code count} steps; the energies before the first and after each ({@code count + 1} values). */
  public double[] run(int count) {
    return integrator.run(count);
  }

  public double energy() {
    return integrator.energy();
  }

  /** A copy of the state of layer {@code a}. */
  public double[] state(int a) {
    return integrator.state(a);
  }
}
