package org.ebmsim.dynamics.train.poe;

import org.ebmsim.dynamics.blas.Gemm;

/**
 * The product-of-experts classifier of the mapping paper (§3.2): one expert per class with weights
 * {@code W^{(μ)}} (N × p_μ, trained on that class's rows only), features
 * {@code f_μ(s) = ‖sᵀW^{(μ)}‖²} (the class's binary–Gaussian RBM log-probability up to constants,
 * biases zero) and a multinomial logistic regression on the K features.
 */
public final class ProductOfExperts {
  /** Trains one class's expert: its rows (row-major ±1, count × units) to its N × p weights (row-major, p ≥ 1). */
  @FunctionalInterface
  public interface ExpertTrainer {
    double[] weights(float[] rows, int count, int units, int classIndex);
  }

  private final int units;
  private final float[][] experts; // per class, N × p_μ row-major
  private final int[] widths;
  private final MultinomialLogisticRegression classifier;
  private final Gemm gemm;

  private ProductOfExperts(int units, float[][] experts, int[] widths, MultinomialLogisticRegression classifier,
      Gemm gemm) {
    this.units = units;
    this.experts = experts;
    this.widths = widths;
    this.classifier = classifier;
    this.gemm = gemm;
  }

  /**
   * Trains every class's expert on its rows, then the logistic regression on all rows' features.
   *
   * @param rows row-major count × units
   * @param labels class of each row in [0, classes)
   * @param penalty L2 penalty of the logistic regression
   * @throws IllegalArgumentException if a class has no rows or an expert's weights are malformed
   */
  public static ProductOfExperts fit(float[] rows, int count, int units, int[] labels, int classes,
      ExpertTrainer trainer, double penalty, Gemm gemm) {
    float[][] experts = new float[classes][];
    int[] widths = new int[classes];
    int[] size = new int[classes];
    for (int label : labels) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label " + label + " outside [0, " + classes + ")");
      }
      size[label]++;
    }
    for (int c = 0; c < classes; c++) {
      if (size[c] == 0) {
        throw new IllegalArgumentException("class " + c + " has no training rows, so it has no expert");
      }
      float[] own = new float[size[c] * units];
      int k = 0;
      for (int r = 0; r < count; r++) {
        if (labels[r] == c) {
          System.arraycopy(rows, r * units, own, k++ * units, units);
        }
      }
      double[] w = trainer.weights(own, size[c], units, c);
      if (w.length == 0 || w.length % units != 0) {
        throw new IllegalArgumentException("expert " + c + " must be " + units + " x p (got " + w.length
            + " values)");
      }
      widths[c] = w.length / units;
      experts[c] = new float[w.length];
      for (int q = 0; q < w.length; q++) {
        experts[c][q] = (float) w[q];
      }
    }
    ProductOfExperts untrained = new ProductOfExperts(units, experts, widths, null, gemm);
    double[] features = untrained.features(rows, count);
    MultinomialLogisticRegression lr = MultinomialLogisticRegression.fit(features, count, classes, labels, classes,
        penalty, 1000);
    return new ProductOfExperts(units, experts, widths, lr, gemm);
  }

  /** {@code f_μ(s_r) = ‖s_rᵀ W^{(μ)}‖²}, count × K row-major; one GEMM per expert. */
  public double[] features(float[] rows, int count) {
    int classes = experts.length;
    double[] out = new double[count * classes];
    for (int c = 0; c < classes; c++) {
      int p = widths[c];
      float[] projected = new float[count * p];
      gemm.sgemm(false, false, count, p, units, 1f, rows, units, experts[c], p, 0f, projected, p);
      for (int r = 0; r < count; r++) {
        double s = 0;
        for (int j = 0; j < p; j++) {
          double v = projected[r * p + j];
          s += v * v;
        }
        out[r * classes + c] = s;
      }
    }
    return out;
  }

  public int[] predict(float[] rows, int count) {
    return classifier.predict(features(rows, count), count);
  }

  /** Fraction of the rows whose predicted class differs from the label. */
  public double error(float[] rows, int count, int[] labels) {
    int[] predicted = predict(rows, count);
    int wrong = 0;
    for (int r = 0; r < count; r++) {
      wrong += predicted[r] != labels[r] ? 1 : 0;
    }
    return (double) wrong / count;
  }
}
