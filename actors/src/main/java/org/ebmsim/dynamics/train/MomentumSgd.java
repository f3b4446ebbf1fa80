package org.ebmsim.dynamics.train;

/**
 * Gradient ascent with classical momentum and an L2 penalty, on float32 parameters:
 * {@code velocity ← momentum·velocity + rate·(gradient − decay·param)}, {@code param ← param + velocity}.
 * Stateless; the caller owns the parameter and velocity arrays (they are part of a learner's state).
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
}
