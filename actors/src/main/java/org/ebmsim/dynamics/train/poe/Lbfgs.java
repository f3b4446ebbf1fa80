package org.ebmsim.dynamics.train.poe;

/**
 * Limited-memory BFGS (Nocedal & Wright, Algorithm 7.4/7.5) with a backtracking Armijo line search;
 * memory 10 pairs. Pairs with non-positive curvature are skipped, which keeps the two-loop
 * direction a descent direction without a Wolfe search.
 */
final class Lbfgs {
  /** A smooth function and its gradient. */
  interface Function {
    /** f(θ), writing ∇f(θ) into {@code gradient}. */
    double valueAndGradient(double[] theta, double[] gradient);
  }

  private static final int MEMORY = 10;

  private Lbfgs() {}

  /** Minimizes from {@code theta} (updated in place) until ‖∇f‖∞ ≤ tolerance; returns the iterations used. */
  static int minimize(Function f, double[] theta, int maxIterations, double tolerance) {
    int n = theta.length;
    double[][] s = new double[MEMORY][n];
    double[][] y = new double[MEMORY][n];
    double[] rho = new double[MEMORY];
    int stored = 0;
    int head = 0;
    double[] g = new double[n];
    double fx = f.valueAndGradient(theta, g);
    double[] direction = new double[n];
    double[] alpha = new double[MEMORY];
    double[] candidate = new double[n];
    double[] gNew = new double[n];
    double[] sNew = new double[n];
    double[] yNew = new double[n];
    int it = 0;
    for (; it < maxIterations; it++) {
      if (maxAbs(g) <= tolerance) {
        break;
      }
      // two-loop recursion: direction = −H g
      System.arraycopy(g, 0, direction, 0, n);
      for (int m = 0; m < stored; m++) {
        int i = Math.floorMod(head - 1 - m, MEMORY);
        alpha[i] = rho[i] * dot(s[i], direction);
        axpy(-alpha[i], y[i], direction);
      }
      double gamma = 1;
      if (stored > 0) {
        int last = Math.floorMod(head - 1, MEMORY);
        gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
      }
      for (int k = 0; k < n; k++) {
        direction[k] *= gamma;
      }
      for (int m = stored - 1; m >= 0; m--) {
        int i = Math.floorMod(head - 1 - m, MEMORY);
        double beta = rho[i] * dot(y[i], direction);
        axpy(alpha[i] - beta, s[i], direction);
      }
      for (int k = 0; k < n; k++) {
        direction[k] = -direction[k];
      }
      double slope = dot(g, direction);
      if (!(slope < 0)) { // not a descent direction: restart from steepest descent
        for (int k = 0; k < n; k++) {
          direction[k] = -g[k];
        }
        slope = dot(g, direction);
        stored = 0;
      }
      double step = 1;
      double fNew;
      while (true) {
        for (int k = 0; k < n; k++) {
          candidate[k] = theta[k] + step * direction[k];
        }
        fNew = f.valueAndGradient(candidate, gNew);
        if (fNew <= fx + 1e-4 * step * slope || step < 1e-20) {
          break;
        }
        step *= 0.5;
      }
      if (!(fNew < fx) && step < 1e-20) {
        break; // no progress possible at this precision
      }
      for (int k = 0; k < n; k++) {
        sNew[k] = candidate[k] - theta[k];
        yNew[k] = gNew[k] - g[k];
      }
      double sy = dot(sNew, yNew);
      if (sy > 1e-12 * Math.sqrt(dot(sNew, sNew) * dot(yNew, yNew))) {
        System.arraycopy(sNew, 0, s[head], 0, n);
        System.arraycopy(yNew, 0, y[head], 0, n);
        rho[head] = 1 / sy;
        head = (head + 1) % MEMORY;
        stored = Math.min(stored + 1, MEMORY);
      }
      System.arraycopy(candidate, 0, theta, 0, n);
      System.arraycopy(gNew, 0, g, 0, n);
      fx = fNew;
    }
    return it;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int k = 0; k < x.length; k++) {
      y[k] += a * x[k];
    }
  }
}
