package org.ebmsim.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The learning rate of every batch of a training session: a schedule by epoch, replaced from a
 * batch on by each steering override (the latest override that has started wins). Immutable;
 * steering makes a new plan, so orders already sent keep the rates they were issued with.
 *
 * @param initial rate of epoch 0, finite, > 0
 * @param factor decay factor in (0, 1] (EXPONENTIAL, STEP)
 * @param everyEpochs epochs between decays (STEP), ≥ 1
 * @param overrides steering, by effective batch, ascending
 */
public record LearningRatePlan(double initial, Kind kind, double factor, int everyEpochs, List<Override> overrides) {
  public enum Kind { CONSTANT, EXPONENTIAL, STEP }

  /** From {@code batch} on, the rate is {@code rate}. */
  public record Override(long batch, double rate) {}

  public LearningRatePlan {
    overrides = List.copyOf(overrides);
  }

  /** The rate of batch {@code batch} (0-based, counted over the whole session). */
  public double rate(long batch, long batchesPerEpoch) {
    for (int i = overrides.size() - 1; i >= 0; i--) {
      if (overrides.get(i).batch() <= batch) {
        return overrides.get(i).rate();
      }
    }
    long epoch = batch / batchesPerEpoch;
    return switch (kind) {
      case CONSTANT -> initial;
      case EXPONENTIAL -> initial * Math.pow(factor, epoch);
      case STEP -> initial * Math.pow(factor, epoch / everyEpochs);
    };
  }

  /** This plan with the rate {@code rate} from {@code batch} on (later overrides dropped: they were never issued). */
  public LearningRatePlan withOverride(long batch, double rate) {
    List<Override> kept = new ArrayList<>();
    for (Override o : overrides) {
      if (o.batch() < batch) {
        kept.add(o);
      }
    }
    kept.add(new Override(batch, rate));
    return new LearningRatePlan(initial, kind, factor, everyEpochs, kept);
  }
}
