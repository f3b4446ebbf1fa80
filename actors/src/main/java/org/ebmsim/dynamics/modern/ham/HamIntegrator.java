package org.ebmsim.dynamics.modern.ham;

import java.util.SplittableRandom;

/**
 * Integrates a whole {@link HamNetwork} by Euler or RK4 with a fixed step {@code dt}, one
 * {@link LayerStepper} per layer exchanging outputs at every stage exactly as layer actors would.
 * Options: an adiabatic top layer (set to its instantaneous fixed point {@code x^L = ξ g^{L−1}}
 * after every stage, the τ_L → 0 limit) and clamped units (a cue held fixed).
 *
 * <p>Owns the state; {@link #step()} advances it and returns the energy after the step. For small
 * enough dt the energy never increases (MATH.md §6) — with clamping, as long as every partly
 * clamped layer has an element-wise Lagrangian (see {@link Lagrangian#elementWise()}).
 */
public final class HamIntegrator {
  private final HamNetwork network;
  private final StepMethod method;
  private final boolean adiabaticTop;
  private final LayerStepper[] steppers;
  private final double[][] xView;
  private final double[][] gView;
  private long steps;

  /**
   * @param method {@link StepMethod#EULER} or {@link StepMethod#RK4}
   * @param dt step, finite and > 0
   * @param adiabaticTop true to hold the top layer at its instantaneous fixed point
   * @param clamped per layer (null = none) per unit; true = held at its value in {@code x0}
   * @param x0 initial state, one array per layer (copied; an adiabatic top layer's free units are
   *     overwritten by its fixed point)
   * @throws IllegalArgumentException for dt ≤ 0 or a state or mask of the wrong shape
   */
  public HamIntegrator(HamNetwork network, StepMethod method, double dt, boolean adiabaticTop, boolean[][] clamped,
      double[][] x0) {
    this(network, method, dt, adiabaticTop, clamped, x0, 0, 0);
  }

  /** The Langevin variant's constructor: temperature > 0 requires Euler (checked by the caller). */
  HamIntegrator(HamNetwork network, StepMethod method, double dt, boolean adiabaticTop, boolean[][] clamped,
      double[][] x0, double temperature, long seed) {
    if (network == null || method == null) {
      throw new IllegalArgumentException("an integrator needs a network and a step method");
    }
    if (!(dt > 0) || Double.isInfinite(dt)) {
      throw new IllegalArgumentException("dt must be finite and > 0 (got " + dt + ")");
    }
    network.requireState(x0);
    int layers = network.layers();
    if (clamped != null && clamped.length != layers) {
      throw new IllegalArgumentException("clamp masks need one entry per layer: " + layers + " (got " + clamped.length
          + "; a null entry means no clamped unit)");
    }
    this.network = network;
    this.method = method;
    this.adiabaticTop = adiabaticTop;
    this.steppers = new LayerStepper[layers];
    // one random stream per layer, split in layer order: results do not depend on who runs which layer
    SplittableRandom root = new SplittableRandom(seed);
    for (int a = 0; a < layers; a++) {
      boolean[] mask = clamped == null ? null : clamped[a];
      SplittableRandom layerRandom = root.split();
      steppers[a] = temperature > 0 && !(adiabaticTop && a == layers - 1)
          ? LayerStepper.langevin(network, a, dt, temperature, mask, x0[a], layerRandom)
          : LayerStepper.deterministic(network, a, method, dt, mask, x0[a]);
    }
    this.xView = new double[layers][];
    this.gView = new double[layers][];
    for (int a = 0; a < layers; a++) {
      xView[a] = steppers[a].stateView();
      gView[a] = steppers[a].output();
    }
    if (adiabaticTop) {
      steppers[layers - 1].relax(steppers[layers - 2].output());
    }
  }

  public HamNetwork network() {
    return network;
  }

  /** Steps taken so far. */
  public long steps() {
    return steps;
  }

  private int evolving() {
    return adiabaticTop ? steppers.length - 1 : steppers.length;
  }

  private double[] below(int a) {
    return a > 0 ? steppers[a - 1].output() : null;
  }

  private double[] above(int a) {
    return a + 1 < steppers.length ? steppers[a + 1].output() : null;
  }

  /** Advances one step of dt and returns the energy of the new state. */
  public double step() {
    int n = evolving();
    for (int s = 0; s < method.stages(); s++) {
      // every layer reads its neighbours' outputs of this stage before any layer publishes the next
      for (int a = 0; a < n; a++) {
        steppers[a].computeStage(below(a), above(a));
      }
      for (int a = 0; a < n; a++) {
        steppers[a].finishStage();
      }
      if (adiabaticTop) {
        steppers[n].relax(steppers[n - 1].output());
      }
    }
    steps++;
    return energy();
  }

  /**
   * Takes {@code count} steps; returns the energies before the first and after each step
   * ({@code count + 1} values).
   */
  public double[] run(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("step count must be >= 0 (got " + count + ")");
    }
    double[] e = new double[count + 1];
    e[0] = energy();
    for (int t = 1; t <= count; t++) {
      e[t] = step();
    }
    return e;
  }

  /**
   * Steps until {@link #residual()} ≤ {@code tolerance} or {@code maxSteps} steps were taken;
   * returns the steps taken.
   */
  public long runToFixedPoint(double tolerance, long maxSteps) {
    long taken = 0;
    while (taken < maxSteps && residual() > tolerance) {
      step();
      taken++;
    }
    return taken;
  }

  /** The energy of the current state. */
  public double energy() {
    return network.energy(xView, gView);
  }

  /**
   * {@code max |I − x|} over the free units of the evolving layers: how far the state is from a
   * fixed point (0 at one).
   */
  public double residual() {
    double r = 0;
    for (int a = 0; a < evolving(); a++) {
      r = Math.max(r, steppers[a].residual(below(a), above(a)));
    }
    return r;
  }

  /** A copy of the state of layer {@code a}. */
  public double[] state(int a) {
    return steppers[a].state();
  }

  /** A copy of the output {@code g} of layer {@code a} at the current state. */
  public double[] output(int a) {
    return steppers[a].output().clone();
  }

  /** A copy of the whole state, one array per layer. */
  public double[][] state() {
    double[][] x = new double[steppers.length][];
    for (int a = 0; a < x.length; a++) {
      x[a] = steppers[a].state();
    }
    return x;
  }
}
