package org.ebmsim.dynamics.train.dbm;

/**
 * Classical momentum with L2 weight decay on one parameter array: {@code v ← μ v + η (g − λ θ)},
 * {@code θ ← θ + v}, where g is the log-likelihood gradient estimate (ascent). Biases are
 * updated with λ = 0: decaying them would pull the model towards the uniform law for no gain in
 * conditioning, and the usual RBM/DBM recipes (Hinton 2010) leave them undecayed.
 *
 * <p>Kept here, small and local to the Boltzmann-machine trainers of this part, so that they do not
 * depend on the RBM trainer's optimizer while both are written; the two may be merged later.
 */
public final class MomentumStep {
  private MomentumStep() {}

  /**
   * Applies one step to {@code theta[0..length)} with velocity {@code velocity} and gradient
   * {@code gradient} (float, as produced by the float32 batch products).
   */
  public static void apply(double[] theta, double[] velocity, float[] gradient, int length, double learningRate,
      double momentum, double weightDecay) {
    for (int k = 0; k < length; k++) {
      double v = momentum * velocity[k] + learningRate * (gradient[k] - weightDecay * theta[k]);
      velocity[k] = v;
      theta[k] += v;
    }
  }

  /** As {@link #apply(double[], double[], float[], int, double, double, double)} with a double gradient. */
  public static void apply(double[] theta, double[] velocity, double[] gradient, int length, double learningRate,
      double momentum, double weightDecay) {
    for (int k = 0; k < length; k++) {
      double v = momentum * velocity[k] + learningRate * (gradient[k] - weightDecay * theta[k]);
      velocity[k] = v;
      theta[k] += v;
    }
  }

  /** Throws {@link IllegalArgumentException} unless the hyper-parameters are usable. */
  public static void check(double learningRate, double momentum, double weightDecay) {
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and > 0 (got " + learningRate + ")");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1) (got " + momentum + ")");
    }
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw new IllegalArgumentException("weight decay must be finite and >= 0 (got " + weightDecay + ")");
    }
  }
}
