package org.ebmsim.dynamics.train.poe;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.RbmTrainer;
import org.ebmsim.dynamics.train.WeightInitialisation;

/**
 * The experts of the mapping paper's classifier (§3.2): for each class, a binary–Gaussian RBM at
 * β whose weights start from that class's rows — the projection (or Hebbian) Hopfield mapping of
 * k sub-patterns (Ward clusters of the class; k = 1 is the class mean), its top principal
 * components, or N(0, σ²) — and are then trained by CD-k on the class's rows alone. Biases stay 0:
 * the feature ‖sᵀW‖² is the expert's log-probability up to constants only without them.
 */
public final class RbmExpertTrainer implements ProductOfExperts.ExpertTrainer {
  /** How each expert starts. */
  public enum Start { PROJECTION, HEBBIAN, PCA, RANDOM }

  /**
   * @param hidden units per expert: k sub-patterns (PROJECTION, HEBBIAN) or components (PCA, RANDOM)
   * @param epochs CD-k passes over the class's rows (0: the initialisation alone)
   */
  public record Settings(Start start, int hidden, double randomSd, double beta, int epochs, int gibbsSteps,
      int batchSize, double learningRate, long seed) {}

  private final Settings settings;
  private final Gemm gemm;
  private final BooleanSupplier cancelled;

  /** @param cancelled polled between batches; true abandons the work with a {@link CancellationException} */
  public RbmExpertTrainer(Settings settings, Gemm gemm, BooleanSupplier cancelled) {
    this.settings = settings;
    this.gemm = gemm;
    this.cancelled = cancelled;
  }

  /** The caller went away while experts were being trained. */
  public static final class CancellationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CancellationException() {
      super("the classifier fit was cancelled");
    }
  }

  @Override
  public double[] weights(float[] rows, int count, int units, int classIndex) {
    int p = settings.hidden();
    long seed = ChainRandom.forChain(settings.seed(), 201, classIndex).nextLong();
    double[] w = switch (settings.start()) {
      case RANDOM -> WeightInitialisation.random(units, p, settings.randomSd(), seed);
      case PCA -> org.ebmsim.dynamics.train.PrincipalComponents.top(rows, count, units, p, gemm);
      case PROJECTION, HEBBIAN -> {
        double[] xi = WeightInitialisation.classPatterns(rows, count, units, new int[count], 1, p, seed, gemm);
        yield settings.start() == Start.PROJECTION ? WeightInitialisation.projection(xi, units, p)
            : WeightInitialisation.hebbian(xi, units, p);
      }
    };
    if (settings.epochs() == 0) {
      return w;
    }
    RbmTrainer trainer = new RbmTrainer(BinaryGaussianRbm.of(units, p, w, null, null, settings.beta()),
        RbmTrainer.NegativePhase.CONTRASTIVE, settings.gibbsSteps(), 0, 0, 0, seed, gemm);
    int batch = Math.min(settings.batchSize(), count);
    int[] order = new int[count];
    for (int e = 0; e < settings.epochs(); e++) {
      SplittableRandom shuffle = ChainRandom.forChain(seed, 202, e);
      for (int i = 0; i < count; i++) {
        order[i] = i;
      }
      for (int i = count - 1; i > 0; i--) {
        int j = shuffle.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int from = 0, b = 0; from < count; from += batch, b++) {
        if (cancelled.getAsBoolean()) {
          throw new CancellationException();
        }
        trainer.update(rows, order, from, Math.min(batch, count - from), settings.learningRate(),
            ChainRandom.forChain(seed, 203, (long) e * count + b));
      }
    }
    return trainer.snapshot().weights();
  }

  /**
   * What a classifier fit gives.
   *
   * @param confusion held-out counts, classes × classes row-major (row = true class)
   */
  public record Fit(int classes, double trainError, double heldOutError, int[] confusion) {}

  /**
   * Fits the classifier on {@code count} training rows (±1, row-major) and tests it on
   * {@code heldCount} held-out rows.
   *
   * @param nativeBlas products through OpenBLAS (one thread) rather than plain Java
   * @throws CancellationException once {@code cancelled} says so (checked between batches)
   * @throws IllegalArgumentException if a class has no rows or too few for its sub-patterns
   */
  public static Fit fit(float[] rows, int count, int units, int[] labels, int classes, float[] heldRows,
      int heldCount, int[] heldLabels, Settings settings, double penalty, boolean nativeBlas,
      BooleanSupplier cancelled) {
    Gemm gemm = nativeBlas ? Gemm.nativeOrFallback(1) : Gemm.javaFallback();
    ProductOfExperts poe = ProductOfExperts.fit(rows, count, units, labels, classes,
        new RbmExpertTrainer(settings, gemm, cancelled), penalty, gemm);
    double train = poe.error(rows, count, labels);
    int[] confusion = new int[classes * classes];
    double held = 0;
    if (heldCount > 0) {
      int[] predicted = poe.predict(heldRows, heldCount);
      int wrong = 0;
      for (int r = 0; r < heldCount; r++) {
        confusion[heldLabels[r] * classes + predicted[r]]++;
        wrong += predicted[r] != heldLabels[r] ? 1 : 0;
      }
      held = (double) wrong / heldCount;
    }
    return new Fit(classes, train, held, confusion);
  }
}
