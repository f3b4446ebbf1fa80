package org.ebmsim.client;

import org.ebmsim.proto.v1.LearningRate;

/**
 * Builders of the {@link LearningRate} schedules of training sessions: the rate of epoch e
 * (0-based) is η₀ (constant), η₀ · f^e (exponential) or η₀ · f^⌊e / E⌋ (step). Checked here with
 * the server's rules so that mistakes fail before a round trip. Steering
 * ({@link SteerActions#learningRate}) replaces the schedule's rate from a batch on.
 */
public final class LearningRates {
  private LearningRates() {}

  /** η₀ for every epoch (finite, &gt; 0). */
  public static LearningRate constant(double initial) {
    return LearningRate.newBuilder().setInitial(checkInitial(initial)).setKind(LearningRate.Kind.CONSTANT).build();
  }

  /** η₀ · f^e: {@code initial} finite and &gt; 0, {@code factor} in (0, 1]. */
  public static LearningRate exponential(double initial, double factor) {
    return LearningRate.newBuilder().setInitial(checkInitial(initial)).setKind(LearningRate.Kind.EXPONENTIAL)
        .setFactor(checkFactor(factor)).build();
  }

  /** η₀ · f^⌊e / E⌋: the rate drops by {@code factor} (in (0, 1]) every {@code everyEpochs} (≥ 1) epochs. */
  public static LearningRate step(double initial, double factor, int everyEpochs) {
    if (everyEpochs < 1) {
      throw new IllegalArgumentException("a step learning rate decays every ≥ 1 epochs, got " + everyEpochs);
    }
    return LearningRate.newBuilder().setInitial(checkInitial(initial)).setKind(LearningRate.Kind.STEP)
        .setFactor(checkFactor(factor)).setEveryEpochs(everyEpochs).build();
  }

  /**
   * The rate of epoch {@code epoch} (0-based) under {@code rate}, as the server computes it
   * (before any steering); a factor or interval of 0 means 1, as on the wire.
   */
  public static double at(LearningRate rate, int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be ≥ 0, got " + epoch);
    }
    double factor = rate.getFactor() == 0 ? 1 : rate.getFactor();
    int every = rate.getEveryEpochs() == 0 ? 1 : rate.getEveryEpochs();
    return switch (rate.getKind()) {
      case EXPONENTIAL -> rate.getInitial() * Math.pow(factor, epoch);
      case STEP -> rate.getInitial() * Math.pow(factor, epoch / every);
      default -> rate.getInitial();
    };
  }

  private static double checkInitial(double initial) {
    if (!(initial > 0) || Double.isInfinite(initial)) {
      throw new IllegalArgumentException("the learning rate must be finite and > 0, got " + initial);
    }
    return initial;
  }

  private static double checkFactor(double factor) {
    // NaN fails both comparisons.
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("the learning-rate decay factor must be in (0, 1], got " + factor);
    }
    return factor;
  }
}
