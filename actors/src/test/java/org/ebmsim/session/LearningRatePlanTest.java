package org.ebmsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRatePlanTest {
  @Test
  void schedules_giveTheRateOfEachBatchByItsEpoch() {
    LearningRatePlan constant = new LearningRatePlan(0.1, LearningRatePlan.Kind.CONSTANT, 1, 1, List.of());
    LearningRatePlan exponential = new LearningRatePlan(0.1, LearningRatePlan.Kind.EXPONENTIAL, 0.5, 1, List.of());
    LearningRatePlan step = new LearningRatePlan(0.1, LearningRatePlan.Kind.STEP, 0.5, 2, List.of());
    // 10 batches per epoch: batch 25 is in epoch 2
    assertEquals(0.1, constant.rate(25, 10));
    assertEquals(0.1 * 0.25, exponential.rate(25, 10), 1e-15);
    assertEquals(0.1 * 0.5, step.rate(25, 10), 1e-15);
    assertEquals(0.1, step.rate(19, 10), 1e-15);
  }

  @Test
  void overrides_replaceTheScheduleFromTheirBatchOn_andLaterSteeringDropsUnissuedOnes() {
    LearningRatePlan p = new LearningRatePlan(0.1, LearningRatePlan.Kind.EXPONENTIAL, 0.5, 1, List.of())
        .withOverride(30, 0.01).withOverride(50, 0.02);
    assertEquals(0.1 * 0.25, p.rate(29, 10), 1e-15);
    assertEquals(0.01, p.rate(30, 10));
    assertEquals(0.02, p.rate(99, 10));
    LearningRatePlan q = p.withOverride(40, 0.5);
    assertEquals(List.of(new LearningRatePlan.Override(30, 0.01), new LearningRatePlan.Override(40, 0.5)),
        q.overrides());
    assertEquals(0.5, q.rate(60, 10));
  }
}
