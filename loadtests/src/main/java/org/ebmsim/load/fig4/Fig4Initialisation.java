package org.ebmsim.load.fig4;

import java.util.Locale;
import org.ebmsim.proto.v1.RbmInitialisation;

/**
 * The four weight initialisations of the mapping paper's Fig. 4, in the paper's order, each with
 * the server's initialisation method and the mini-batch size of its curve in Fig. 4(a): B = 100
 * for the random curve, B = 1000 for the others (caption of Fig. 4).
 */
public enum Fig4Initialisation {
  /** W_iμ ~ N(0, 0.01) in the paper's N(mean, variance) notation: standard deviation 0.1. */
  RANDOM(RbmInitialisation.Method.RANDOM, 100),
  /** W = Q of the thin QR of the class-mean patterns (the projection Hopfield network). */
  PROJECTION(RbmInitialisation.Method.PROJECTION, 1000),
  /** W = N^{-1/2} ξ of the class-mean patterns. */
  HEBBIAN(RbmInitialisation.Method.HEBBIAN, 1000),
  /** The top p principal components of the training data. */
  PCA(RbmInitialisation.Method.PCA, 1000);

  /** The paper's N(0, 0.01) read as variance 0.01 (its N(μ, σ²) notation), so σ = 0.1. */
  public static final double RANDOM_SD = 0.1;

  private final RbmInitialisation.Method method;
  private final int paperBatchSize;

  Fig4Initialisation(RbmInitialisation.Method method, int paperBatchSize) {
    this.method = method;
    this.paperBatchSize = paperBatchSize;
  }

  public RbmInitialisation.Method method() {
    return method;
  }

  public int paperBatchSize() {
    return paperBatchSize;
  }

  /** The name in the CSV and on the command line: lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The initialisation named {@code label} (case-insensitive). */
  public static Fig4Initialisation of(String label) {
    for (Fig4Initialisation init : values()) {
      if (init.label().equalsIgnoreCase(label.trim())) {
        return init;
      }
    }
    throw new IllegalArgumentException("unknown initialisation \"" + label + "\" (random, projection, hebbian, pca)");
  }

  /**
   * The server's initialisation spec. Random and PCA get p hidden units; Hebbian and projection
   * get 0, so that p = classes × sub-patterns follows from the dataset (k = 1: the class means).
   */
  public RbmInitialisation spec(String datasetId, int hiddenUnits, long seed) {
    RbmInitialisation.Builder b = RbmInitialisation.newBuilder().setDatasetId(datasetId).setMethod(method)
        .setSeed(seed);
    switch (this) {
      case RANDOM -> b.setHiddenUnits(hiddenUnits).setRandomSd(RANDOM_SD);
      case PCA -> b.setHiddenUnits(hiddenUnits);
      case PROJECTION, HEBBIAN -> b.setSubPatterns(1);
    }
    return b.build();
  }
}
