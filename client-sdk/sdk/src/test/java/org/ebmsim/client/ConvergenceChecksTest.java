package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.ConvergenceDiagnostics;
import org.ebmsim.proto.v1.ObservableDiagnostics;
import org.junit.jupiter.api.Test;

class ConvergenceChecksTest {
  private static final ConvergenceDiagnostics TWO_MODES = ConvergenceDiagnostics.newBuilder().setSplitRHat(1.003)
      .addObservables(ObservableDiagnostics.newBuilder().setName("overlap").setPattern(0).setSplitRHat(12.07))
      .addObservables(ObservableDiagnostics.newBuilder().setName("overlap").setPattern(4).setSplitRHat(1.2))
      .build();

  @Test
  void overlapsRHat_isSeenWhereTheEnergysIsNot() {
    assertEquals(12.07, ConvergenceChecks.worstSplitRHat(TWO_MODES));
    assertFalse(ConvergenceChecks.agree(TWO_MODES, 1.01));
    assertTrue(ConvergenceChecks.agree(ConvergenceDiagnostics.newBuilder().setSplitRHat(1.003).build(), 1.01));
    assertEquals(1.2, ConvergenceChecks.overlap(TWO_MODES, 4).orElseThrow().getSplitRHat());
    assertTrue(ConvergenceChecks.overlap(TWO_MODES, 1).isEmpty());
  }

  @Test
  void progressEvents_withAndWithoutDiagnostics() {
    assertTrue(ConvergenceChecks.of(AnnealProgress.getDefaultInstance()).isEmpty());
    assertEquals(TWO_MODES, ConvergenceChecks.of(AnnealProgress.newBuilder().setDiagnostics(TWO_MODES).build())
        .orElseThrow());
    assertTrue(ConvergenceChecks.of(CompleteProgress.getDefaultInstance()).isEmpty());
    assertEquals(TWO_MODES, ConvergenceChecks.of(CompleteProgress.newBuilder().setDiagnostics(TWO_MODES).build())
        .orElseThrow());
  }
}
