package org.ebmsim.dynamics.train.poe;

import java.util.Arrays;

/**
 * Softmax regression with an L2 penalty on the weights (not the intercepts), fitted by L-BFGS on
 * the full training set: minimizes {@code L = −(1/n) Σ_r log softmax(W x_r + c)_{y_r} + (λ/2)‖W‖²}.
 * Features are standardized with the training means and standard deviations first (the
 * product-of-experts features ‖sᵀW‖² are large and of unequal scale, which would make the problem
 * badly conditioned). Deterministic: no randomness, fixed iteration order.
 */
public final class MultinomialLogisticRegression {
  private final int features;
  private final int classes;
  private final double[] mean;
  private final double[] scale;
  private final double[] theta; // K × d weights, then K intercepts
  private final int iterations;

  private MultinomialLogisticRegression(int features, int classes, double[] mean, double[] scale, double[] theta,
      int iterations) {
    this.features = features;
    this.classes = classes;
    this.mean = mean;
    this.scale = scale;
    this.theta = theta;
    this.iterations = iterations;
  }

  /**
   * Fits on {@code rows × features} row-major {@code x} with labels in {@code [0, classes)}.
   *
   * @param penalty λ ≥ 0
   * @param maxIterations L-BFGS iterations at most
   */
  public static MultinomialLogisticRegression fit(double[] x, int rows, int features, int[] labels, int classes,
      double penalty, int maxIterations) {
    if (rows < 1 || features < 1 || classes < 2 || x.length != (long) rows * features || labels.length != rows) {
      throw new IllegalArgumentException("need rows >= 1, features >= 1, classes >= 2 and matching arrays (rows "
          + rows + ", features " + features + ", classes " + classes + ")");
    }
    for (int label : labels) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label " + label + " outside [0, " + classes + ")");
      }
    }
    if (!(penalty >= 0)) {
      throw new IllegalArgumentException("penalty must be >= 0 (got " + penalty + ")");
    }
    double[] mean = new double[features];
    double[] scale = new double[features];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < features; j++) {
        mean[j] += x[r * features + j] / rows;
      }
    }
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < features; j++) {
        double d = x[r * features + j] - mean[j];
        scale[j] += d * d / rows;
      }
    }
    for (int j = 0; j < features; j++) {
      scale[j] = scale[j] > 0 ? Math.sqrt(scale[j]) : 1;
    }
    double[] z = standardize(x, rows, features, mean, scale);
    Objective f = new Objective(z, rows, features, labels, classes, penalty);
    double[] theta = new double[classes * (features + 1)];
    int used = Lbfgs.minimize(f, theta, maxIterations, 1e-7);
    return new MultinomialLogisticRegression(features, classes, mean, scale, theta, used);
  }

  private static double[] standardize(double[] x, int rows, int features, double[] mean, double[] scale) {
    double[] z = new double[rows * features];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < features; j++) {
        z[r * features + j] = (x[r * features + j] - mean[j]) / scale[j];
      }
    }
    return z;
  }

  /** Iterations L-BFGS took. */
  public int iterations() {
    return iterations;
  }

  /** The most probable class of every row. */
  public int[] predict(double[] x, int rows) {
    double[] z = standardize(x, rows, features, mean, scale);
    double[] logits = new double[classes];
    int[] out = new int[rows];
    for (int r = 0; r < rows; r++) {
      Objective.logits(theta, z, r, features, classes, logits);
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (logits[k] > logits[best]) {
          best = k;
        }
      }
      out[r] = best;
    }
    return out;
  }

  /** The penalized mean cross-entropy and its gradient, over standardized features. */
  static final class Objective implements Lbfgs.Function {
    private final double[] z;
    private final int rows;
    private final int d;
    private final int[] labels;
    private final int k;
    private final double penalty;

    Objective(double[] z, int rows, int d, int[] labels, int k, double penalty) {
      this.z = z;
      this.rows = rows;
      this.d = d;
      this.labels = labels;
      this.k = k;
      this.penalty = penalty;
    }

    static void logits(double[] theta, double[] z, int r, int d, int k, double[] out) {
      int intercepts = k * d;
      for (int c = 0; c < k; c++) {
        double s = theta[intercepts + c];
        for (int j = 0; j < d; j++) {
          s += theta[c * d + j] * z[r * d + j];
        }
        out[c] = s;
      }
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
      Arrays.fill(gradient, 0);
      double[] logits = new double[k];
      double loss = 0;
      int intercepts = k * d;
      for (int r = 0; r < rows; r++) {
        logits(theta, z, r, d, k, logits);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
          max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
          logits[c] = Math.exp(logits[c] - max);
          sum += logits[c];
        }
        loss -= Math.log(logits[labels[r]] / sum);
        for (int c = 0; c < k; c++) {
          double residual = (logits[c] / sum - (c == labels[r] ? 1 : 0)) / rows;
          gradient[intercepts + c] += residual;
          for (int j = 0; j < d; j++) {
            gradient[c * d + j] += residual * z[r * d + j];
          }
        }
      }
      loss /= rows;
      for (int q = 0; q < intercepts; q++) {
        loss += 0.5 * penalty * theta[q] * theta[q];
        gradient[q] += penalty * theta[q];
      }
      return loss;
    }
  }
}
