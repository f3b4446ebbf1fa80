package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.junit.jupiter.api.Test;

class RequestBuildersTest {

  @Test
  void schedules_eachKind_setsFieldsAndCountsSweeps() {
    Schedule linear = Schedules.withSweepsPerTemperature(Schedules.linear(2, 1, 5), 3);
    Schedule geometric = Schedules.geometric(10, 0.1, 20);
    Schedule explicit = Schedules.explicit(3, 2, 1);

    assertEquals(2.0, linear.getLinear().getTStart());
    assertEquals(15, Schedules.totalSweeps(linear));
    assertEquals(20, Schedules.totalSweeps(geometric)); // 0 sweeps per temperature counts as 1
    assertEquals(List.of(3.0, 2.0, 1.0), explicit.getExplicit().getTemperaturesList());
  }

  @Test
  void schedules_nonPositiveTemperatureOrSteps_rejected() {
    assertThrows(IllegalArgumentException.class, () -> Schedules.linear(0, 1, 5));
    assertThrows(IllegalArgumentException.class, () -> Schedules.geometric(1, Double.NaN, 5));
    assertThrows(IllegalArgumentException.class, () -> Schedules.geometric(1, 0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> Schedules.explicit());
  }

  @Test
  void samplePolicies_every_setsIntervalAndCap() {
    SamplePolicy p = SamplePolicies.every(5, 3);

    assertEquals(SamplePolicy.Mode.EVERY, p.getMode());
    assertEquals(5, p.getEverySweeps());
    assertEquals(3, p.getMaxChains());
    assertEquals(SamplePolicy.Mode.BEST_ONLY, SamplePolicies.bestOnly().getMode());
  }

  @Test
  void modelRequests_boltzmann_packsWeightsRowMajorWithBias() {
    double[][] w = {{0, 1, 2}, {1, 0, 3}, {2, 3, 0}};

    CreateModelRequest r = ModelRequests.withImageShape(ModelRequests.boltzmann("bm", w, new double[] {1, 2, 3}, 2), 1, 2);

    Matrix m = r.getBoltzmann().getWeights();
    assertEquals(3, m.getRows());
    assertEquals(List.of(0.0, 1.0, 2.0, 1.0, 0.0, 3.0, 2.0, 3.0, 0.0), m.getValuesList());
    assertEquals(List.of(1.0, 2.0, 3.0), r.getBoltzmann().getBiasList());
    assertEquals(2, r.getBoltzmann().getVisibleUnits());
    assertEquals(2, r.getBoltzmann().getImageShape().getWidth());
  }

  @Test
  void modelRequests_badShapes_rejectedWithReason() {
    IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
        () -> ModelRequests.hopfieldFromWeights("w", new double[][] {{0, 1}, {1}}, null));
    IllegalArgumentException visible = assertThrows(IllegalArgumentException.class,
        () -> ModelRequests.boltzmann("b", new double[][] {{0, 1}, {1, 0}}, null, 2));
    IllegalArgumentException spins = assertThrows(IllegalArgumentException.class,
        () -> ModelRequests.hopfieldFromPatterns("p", new int[][] {{1, 0}}, null));

    assertTrue(ragged.getMessage().contains("square"), ragged.getMessage());
    assertTrue(visible.getMessage().contains("between 1 and 1"), visible.getMessage());
    assertTrue(spins.getMessage().contains("row 0, column 1 is 0"), spins.getMessage());
  }

  @Test
  void protoMatrices_roundTrip() {
    int[][] spins = {{1, -1, 1}, {-1, -1, 1}};
    double[][] reals = {{0.5, -1}, {2, 3}};

    assertEquals(List.of(List.of(1, -1, 1), List.of(-1, -1, 1)),
        java.util.Arrays.stream(ProtoMatrices.rows(ProtoMatrices.spinMatrix(spins)))
            .map(r -> java.util.Arrays.stream(r).boxed().toList()).toList());
    assertEquals(3.0, ProtoMatrices.rows(ProtoMatrices.matrix(reals))[1][1]);
  }

  @Test
  void completionCues_masked_zeroMeansUnknownAndExplicitMaskZeroesUnknownValues() {
    MaskedCue byZeros = CompletionCues.masked(new int[] {1, 0, -1});
    MaskedCue byMask = CompletionCues.masked(new int[] {1, -1, -1}, new boolean[] {true, false, true});

    assertEquals(List.of(true, false, true), byZeros.getKnownList());
    assertEquals(List.of(1, 0, -1), byMask.getValuesList());
    assertThrows(IllegalArgumentException.class, () -> CompletionCues.masked(new int[] {2}));
    assertThrows(IllegalArgumentException.class, () -> CompletionCues.noisyStored(0, 1.5));
  }
}
