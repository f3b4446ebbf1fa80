package org.ebmsim.dynamics.train;

/**
 * Gradient ascent with classical momentum and an L2 penalty:
 * {@code velocity ← momentum·velocity + rate·(gradient − decay·param)}, {@code param ← param + velocity}.
 * Biases are stepped with decay 0: decaying them would pull the model towards the uniform law for
 * no gain in conditioning, and the usual RBM/DBM recipes (Hinton 2010) leave them undecayed.
 * Float32 parameters (the RBM trainer) or float64 ones (the Boltzmann-machine and Hopfield
 * trainers, whose masters are double); each keeps its own precision, so results do not depend on
 * which overload another trainer uses. Stateless; the caller owns the parameter and velocity
 * arrays (they are part of a learner's state).
 */
public final class MomentumSgd {
  private MomentumSgd() {}

  /**
   * One step over {@code param[0 .. length)}; {@code gradient} is the ascent direction (of the
   * log-likelihood). Modifies {@code param} and {@code velocity}.
   *
   * @param decay L2 coefficient (0 for biases, which are not penalised)
   */
  public static void step(float[] param, float[] velocity, float[] gradient, int length, float rate, float momentum,
      float decay) {
    // one pass, no temporaries: the weights of a 784 × 500 RBM are 1.5 MB and this runs per batch
    for (int k = 0; k < length; k++) {
      float v = momentum * velocity[k] + rate * (gradient[k] - decay * param[k]);
      velocity[k] = v;
      param[k] += v;
    }
  }

  /**
   * {@link #step} written into {@code paramOut} and {@code velocityOut} instead of in place, in the
   * same pass that checks the result: true if every new parameter is finite. The inputs are only
   * read, so a caller that swaps the arrays on success keeps the old values on failure without a
   * second pass over the parameters (the check used to be a pass of its own).
   */
  public static boolean stepInto(float[] param, float[] velocity, float[] gradient, int length, float rate,
      float momentum, float decay, float[] paramOut, float[] velocityOut) {
    float largest = 0f;
    for (int k = 0; k < length; k++) {
      float v = momentum * velocity[k] + rate * (gradient[k] - decay * param[k]);
      float next = param[k] + v;
      velocityOut[k] = v;
      paramOut[k] = next;
      largest = Math.max(largest, Math.abs(next));
    }
    return largest <= Float.MAX_VALUE;
  }

  /**
   * True if {@link #step} with the same arguments would leave every parameter and velocity finite
   * (the same float operations, so the answer is exact); reads only.
   */
  public static boolean stepStaysFinite(float[] param, float[] velocity, float[] gradient, int length, float rate,
      float momentum, float decay) {
    // a max reduction (NaN propagates through Math.max) vectorises; a branch per entry would not
    float largest = 0f;
    for (int k = 0; k < length; k++) {
      float v = momentum * velocity[k] + rate * (gradient[k] - decay * param[k]);
      largest = Math.max(largest, Math.abs(param[k] + v));
    }
    return largest <= Float.MAX_VALUE;
  }

  /**
   * One step over float64 parameters {@code param[0 .. length)} with a float gradient (as the
   * float32 batch products give it).
   */
  public static void step(double[] param, double[] velocity, float[] gradient, int length, double rate,
      double momentum, double decay) {
    for (int k = 0; k < length; k++) {
      double v = momentum * velocity[k] + rate * (gradient[k] - decay * param[k]);
      velocity[k] = v;
      param[k] += v;
    }
  }

  /** One step over float64 parameters {@code param[0 .. length)} with a double gradient. */
  public static void step(double[] param, double[] velocity, double[] gradient, int length, double rate,
      double momentum, double decay) {
    for (int k = 0; k < length; k++) {
      double v = momentum * velocity[k] + rate * (gradient[k] - decay * param[k]);
      velocity[k] = v;
      param[k] += v;
    }
  }

  /** Throws {@link IllegalArgumentException} unless the hyper-parameters are usable. */
  public static void check(double rate, double momentum, double decay) {
    if (!(rate > 0) || !Double.isFinite(rate)) {
      throw new IllegalArgumentException("learning rate must be finite and > 0 (got " + rate + ")");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1) (got " + momentum + ")");
    }
    if (!(decay >= 0) || !Double.isFinite(decay)) {
      throw new IllegalArgumentException("weight decay must be finite and >= 0 (got " + decay + ")");
    }
  }
}
