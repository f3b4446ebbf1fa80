package org.ebmsim.dynamics.modern.ham;

import java.util.SplittableRandom;

/**
 * One layer's share of the integration: owns the layer's state {@code x}, the state of the current
 * Runge–Kutta stage and its published output {@code g}, and advances them from its neighbours'
 * published outputs only. This is the unit a layer actor runs; {@link HamIntegrator} drives one
 * per layer.
 *
 * <p>Order of calls, per stage of a step: every layer publishes {@link #output()}; each evolving
 * layer calls {@link #computeStage} with its neighbours' outputs (reads them, changes nothing they
 * can see); then each calls {@link #finishStage}, which moves to the next stage state (or commits
 * the step) and publishes the new output; then an adiabatic top layer calls {@link #relax} with the
 * new output of the layer below. Clamped units never move.
 *
 * <p>With a temperature T > 0 (Euler only) the commit adds Langevin noise
 * {@code sqrt(2 T dt / τ) · N(0, 1)} to every free unit from this layer's own random stream.
 */
public final class LayerStepper {
  private final HamNetwork network;
  private final int layer;
  private final Lagrangian lagrangian;
  private final StepMethod method;
  private final double dt;
  private final double tau;
  private final boolean[] clamped;
  private final double noiseScale;
  private final SplittableRandom random;
  private final double[] x;
  private final double[] stageState;
  private final double[] g;
  private final double[] input;
  private final double[] k;
  private final double[] accumulated;
  private int stage;

  /**
   * The deterministic stepper of layer {@code layer}.
   *
   * @param clamped per unit, true = held at its initial value; null for none (copied)
   * @param x0 the layer's initial state (copied)
   * @throws IllegalArgumentException for dt ≤ 0, a layer index out of range, or a state or mask
   *     of the wrong length
   */
  public static LayerStepper deterministic(HamNetwork network, int layer, StepMethod method, double dt,
      boolean[] clamped, double[] x0) {
    requireArguments(network, layer, method, dt, clamped, x0);
    return new LayerStepper(network, layer, method, dt, clamped, x0, 0, null);
  }

  /**
   * The Langevin (Euler–Maruyama) stepper of layer {@code layer} at temperature T, drawing from
   * {@code random} (the layer's own stream). See {@link HamLangevinIntegrator} for when the result
   * samples {@code exp(−E/T)}: this layer must have the identity Lagrangian unless all its units
   * are clamped.
   *
   * @throws IllegalArgumentException as {@link #deterministic}, for T ≤ 0, or for a non-identity
   *     layer with free units
   */
  public static LayerStepper langevin(HamNetwork network, int layer, double dt, double temperature,
      boolean[] clamped, double[] x0, SplittableRandom random) {
    requireArguments(network, layer, StepMethod.EULER, dt, clamped, x0);
    HamLangevinIntegrator.requireTemperature(temperature);
    HamLangevinIntegrator.requireBoltzmannLaw(network, layer, clamped);
    if (random == null) {
      throw new IllegalArgumentException("a Langevin stepper needs a random stream");
    }
    return new LayerStepper(network, layer, StepMethod.EULER, dt, clamped, x0, temperature, random);
  }

  static void requireArguments(HamNetwork network, int layer, StepMethod method, double dt, boolean[] clamped,
      double[] x0) {
    if (network == null || method == null) {
      throw new IllegalArgumentException("a stepper needs a network and a step method");
    }
    if (!(dt > 0) || Double.isInfinite(dt)) {
      throw new IllegalArgumentException("dt must be finite and > 0 (got " + dt + ")");
    }
    if (layer < 0 || layer >= network.layers()) {
      throw new IllegalArgumentException("layer must be in [0, " + network.layers() + ") (got " + layer + ")");
    }
    int n = network.layer(layer).size();
    if (x0 == null || x0.length != n) {
      throw new IllegalArgumentException("state of layer " + layer + " must have " + n + " units (shape "
          + network.layer(layer).shape() + "; got " + (x0 == null ? "null" : x0.length) + ")");
    }
    if (clamped != null && clamped.length != n) {
      throw new IllegalArgumentException("clamp mask of layer " + layer + " must have " + n + " entries (got "
          + clamped.length + ")");
    }
  }

  /** Arguments already checked by {@link #requireArguments} (and the Langevin rules when T > 0). */
  private LayerStepper(HamNetwork network, int layer, StepMethod method, double dt, boolean[] clamped, double[] x0,
      double temperature, SplittableRandom random) {
    this.network = network;
    this.layer = layer;
    HamLayer l = network.layer(layer);
    this.lagrangian = l.lagrangian();
    this.method = method;
    this.dt = dt;
    this.tau = l.tau();
    int n = l.size();
    this.clamped = clamped == null ? new boolean[n] : clamped.clone();
    this.noiseScale = Math.sqrt(2 * temperature * dt / tau);
    this.random = random;
    this.x = x0.clone();
    this.stageState = x0.clone();
    this.g = new double[n];
    this.input = new double[n];
    this.k = new double[n];
    this.accumulated = new double[n];
    lagrangian.activation(stageState, g);
  }

  /** The layer this stepper advances. */
  public int layer() {
    return layer;
  }

  /**
   * The published output {@code g} at the current stage state: the live array, overwritten by
   * {@link #finishStage} and {@link #relax}; read it before then, or send a copy (as a message).
   */
  public double[] output() {
    return g;
  }

  /** The committed state (a copy). */
  public double[] state() {
    return x.clone();
  }

  /** The committed state, not copied (read-only). */
  double[] stateView() {
    return x;
  }

  /**
   * The derivative at the current stage, {@code k = (I − y)/τ} on free units and 0 on clamped
   * ones, from the neighbours' published outputs (null at the ends). Modifies only private arrays.
   */
  public void computeStage(double[] gBelow, double[] gAbove) {
    network.input(layer, gBelow, gAbove, input);
    double inv = 1 / tau;
    for (int i = 0; i < k.length; i++) {
      k[i] = clamped[i] ? 0 : (input[i] - stageState[i]) * inv;
    }
  }

  /** Moves to the next stage state, or commits the step after the last stage; republishes the output. */
  public void finishStage() {
    int n = x.length;
    if (stage + 1 < method.stages()) {
      double w = method.weight(stage);
      double c = method.node(stage) * dt;
      for (int i = 0; i < n; i++) {
        accumulated[i] += w * k[i];
        stageState[i] = x[i] + c * k[i]; // y_{s+1} = x + c_s·dt·k_s
      }
      stage++;
    } else {
      double w = method.weight(stage) * dt;
      for (int i = 0; i < n; i++) {
        x[i] += dt * accumulated[i] + w * k[i]; // x ← x + dt·Σ_s b_s k_s
        accumulated[i] = 0;
      }
      if (noiseScale > 0) {
        for (int i = 0; i < n; i++) {
          if (!clamped[i]) {
            x[i] += noiseScale * random.nextGaussian();
          }
        }
      }
      System.arraycopy(x, 0, stageState, 0, n);
      stage = 0;
    }
    lagrangian.activation(stageState, g);
  }

  /**
   * Adiabatic limit (τ → 0) of a top layer: sets its free units to their instantaneous fixed point
   * {@code x = ξ g^{below}} and republishes the output.
   */
  public void relax(double[] gBelow) {
    if (layer != network.layers() - 1) {
      throw new IllegalStateException("only the top layer can be adiabatic (this is layer " + layer + " of "
          + network.layers() + ")");
    }
    network.input(layer, gBelow, null, input);
    for (int i = 0; i < x.length; i++) {
      if (!clamped[i]) {
        x[i] = input[i];
      }
    }
    System.arraycopy(x, 0, stageState, 0, x.length);
    lagrangian.activation(stageState, g);
  }

  /**
   * {@code max_i |I_i − x_i|} over free units given the neighbours' outputs at the committed
   * state: 0 exactly at a fixed point.
   */
  public double residual(double[] gBelow, double[] gAbove) {
    network.input(layer, gBelow, gAbove, input);
    double r = 0;
    for (int i = 0; i < x.length; i++) {
      if (!clamped[i]) {
        r = Math.max(r, Math.abs(input[i] - x[i]));
      }
    }
    return r;
  }
}
