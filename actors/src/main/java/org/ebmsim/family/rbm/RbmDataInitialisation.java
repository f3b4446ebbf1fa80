package org.ebmsim.family.rbm;

import static org.ebmsim.errors.InvalidRequestException.require;

import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.train.PrincipalComponents;
import org.ebmsim.dynamics.train.WeightInitialisation;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.TrainingData;
import org.ebmsim.proto.v1.RbmInitialisation;

/** The weights of an {@link org.ebmsim.proto.v1.RbmSpec} given by {@code init}: computed from a stored dataset. */
final class RbmDataInitialisation {
  /** Default σ of random weights: variance 0.01, as in the mapping paper. */
  static final double DEFAULT_RANDOM_SD = 0.1;

  private RbmDataInitialisation() {}

  /** Visible × hidden weights, row-major. */
  record Weights(int visible, int hidden, double[] values) {}

  /**
   * @param field the spec's name in messages, e.g. "rbm"
   * @throws InvalidRequestException naming the field for an invalid method, size or dataset
   * @throws org.ebmsim.errors.NotFoundException if the dataset is not stored
   */
  static Weights compute(RbmInitialisation init, String field, CreateContext context) {
    String f = field + ".init";
    require(!init.getDatasetId().isEmpty(), f + ".dataset_id is required");
    RbmInitialisation.Method method = init.getMethod();
    require(method == RbmInitialisation.Method.RANDOM || method == RbmInitialisation.Method.HEBBIAN
        || method == RbmInitialisation.Method.PROJECTION || method == RbmInitialisation.Method.PCA,
        f + ".method must be RANDOM, HEBBIAN, PROJECTION or PCA (got " + method + ")");
    TrainingData data = context.datasets().get(init.getDatasetId());
    int n = data.cols();
    long hidden = Integer.toUnsignedLong(init.getHiddenUnits());
    long seed = init.getSeed();
    Gemm gemm = Gemm.nativeOrFallback(1);
    switch (method) {
      case RANDOM, PCA -> {
        require(hidden >= 1, f + ".hidden_units must be >= 1 for " + method + " (got " + hidden + ")");
        checkSize(n, hidden, f, context);
        int p = (int) hidden;
        if (method == RbmInitialisation.Method.RANDOM) {
          double sd = init.getRandomSd() == 0 ? DEFAULT_RANDOM_SD : init.getRandomSd();
          require(sd > 0 && Double.isFinite(sd), f + ".random_sd must be finite and > 0; 0 means "
              + DEFAULT_RANDOM_SD + " (got " + init.getRandomSd() + ")");
          return new Weights(n, p, WeightInitialisation.random(n, p, sd, seed));
        }
        require(p <= n, f + ".hidden_units must be <= the dataset's " + n + " columns for PCA (got " + p + ")");
        require(data.rows() >= 2, f + ".dataset_id: PCA needs at least 2 rows (dataset " + init.getDatasetId()
            + " has " + data.rows() + ")");
        // the centred copy and the covariance, in float64
        context.charge(8L * data.rows() * n + 16L * n * n, "PCA of a " + data.rows() + " x " + n + " dataset");
        return new Weights(n, p, PrincipalComponents.top(data.values(), data.rows(), n, p, gemm));
      }
      default -> {
        require(data.hasLabels() && data.classes() >= 1, f + ".dataset_id: " + method + " needs class labels;"
            + " dataset " + init.getDatasetId() + " has none");
        long perClass = Math.max(1, Integer.toUnsignedLong(init.getSubPatterns()));
        long p = perClass * data.classes();
        require(hidden == 0 || hidden == p, f + ".hidden_units must be 0 or classes x sub_patterns = "
            + data.classes() + " x " + perClass + " = " + p + " for " + method + " (got " + hidden + ")");
        checkSize(n, p, f, context);
        require(method != RbmInitialisation.Method.PROJECTION || p < n, f + ".sub_patterns: PROJECTION needs fewer"
            + " patterns than visible units (" + p + " patterns, " + n + " units)");
        if (perClass > 1) {
          require(perClass <= 2000, f + ".sub_patterns must be <= 2000 (got " + perClass + ")");
          long m = Math.min(2000, data.rows());
          // Ward's pair matrix, Gram matrix and the class's rows in float64
          context.charge(12L * m * m + 8L * m * n, "Ward clustering of up to " + m + " rows");
        }
        double[] xi;
        try {
          xi = WeightInitialisation.classPatterns(data.values(), data.rows(), n, data.labels(), data.classes(),
              (int) perClass, seed, gemm);
        } catch (IllegalArgumentException e) {
          throw new InvalidRequestException(f + ".sub_patterns: " + e.getMessage(), e);
        }
        int pi = (int) p;
        if (method == RbmInitialisation.Method.HEBBIAN) {
          return new Weights(n, pi, WeightInitialisation.hebbian(xi, n, pi));
        }
        try {
          return new Weights(n, pi, WeightInitialisation.projection(xi, n, pi));
        } catch (IllegalArgumentException e) {
          throw new InvalidRequestException(f + ": the class patterns of dataset " + init.getDatasetId()
              + " admit no projection network: " + e.getMessage(), e);
        }
      }
    }
  }

  private static void checkSize(long n, long p, String f, CreateContext context) {
    ResourceLimitException.limit(n + p <= context.maxUnits(), f + ": " + n + " visible + " + p + " hidden units = "
        + (n + p) + " is above the limit of " + context.maxUnits() + " (ebmsim.limits.max-units)");
  }
}
