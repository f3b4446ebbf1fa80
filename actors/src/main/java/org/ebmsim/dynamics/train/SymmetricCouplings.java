package org.ebmsim.dynamics.train;

/**
 * Couplings of ±1 units (Boltzmann machines, Hopfield networks) kept exactly symmetric with a zero
 * diagonal through training: a diagonal only adds a constant to every energy and plays no part in
 * the dynamics, and an asymmetric W would have no energy at all. Masters are float64, N × N
 * row-major; the float32 mirror feeds {@code sgemm}.
 */
public final class SymmetricCouplings {
  private SymmetricCouplings() {}

  /** {@code (A + Aᵀ)/2} of {@code given} (N × N) with the diagonal zeroed, as a new array. */
  public static double[] symmetrized(double[] given, int n) {
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        w[i * n + j] = i == j ? 0 : 0.5 * (given[i * n + j] + given[j * n + i]);
      }
    }
    return w;
  }

  /**
   * {@code into_ij ← scale·(g_ij + g_ji)} in double, 0 on the diagonal: the step of a symmetric
   * W from a gradient whose two triangles the float32 products filled separately.
   */
  public static void symmetrize(float[] gradient, double scale, double[] into, int n) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        into[i * n + j] = i == j ? 0 : scale * ((double) gradient[i * n + j] + gradient[j * n + i]);
      }
    }
  }

  /** {@code into[k] ← (float) w[k]}. */
  public static void mirror(double[] w, float[] into) {
    for (int k = 0; k < w.length; k++) {
      into[k] = (float) w[k];
    }
  }

  /** Frobenius norm of W. */
  public static double norm(double[] w) {
    double s = 0;
    for (double x : w) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
