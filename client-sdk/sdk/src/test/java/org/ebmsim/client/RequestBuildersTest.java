package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DbmSpec;
import org.ebmsim.proto.v1.DbmUnits;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.NoisyCue;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.ValueType;
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

  @Test
  void completionCues_binaryLayer_signsWrittenAsZeroOne_realAndCategoricalCues() {
    MaskedCue binary = CompletionCues.masked(new int[] {1, 0, -1}, ValueType.VALUE_BINARY);
    MaskedCue real = CompletionCues.maskedReal(new float[] {0.5f, 9f}, new boolean[] {true, false});
    LayerInfo potts = LayerInfo.newBuilder().setName("visible").setUnits(2).setType(ValueType.VALUE_CATEGORICAL)
        .setLevels(3).build();
    NoisyCue noisyReal = CompletionCues.noisyReal(new float[] {1, -1}, 0.5, 2);

    assertEquals(List.of(1, 0, 0), binary.getValuesList());
    assertEquals(List.of(true, false, true), binary.getKnownList());
    assertEquals(List.of(0.5f, 0f), real.getRealValuesList());
    assertEquals(List.of(2, 0), CompletionCues.maskedValues(new int[] {2, 7}, new boolean[] {true, false}, potts)
        .getValuesList());
    assertEquals(2.0, noisyReal.getNoiseSd());
    assertEquals(List.of(1f, -1f), noisyReal.getReal().getValuesList());
    assertThrows(IllegalArgumentException.class,
        () -> CompletionCues.maskedValues(new int[] {3, 0}, new boolean[] {true, true}, potts));
    assertThrows(IllegalArgumentException.class, () -> CompletionCues.masked(new int[] {1}, ValueType.VALUE_REAL));
  }

  @Test
  void modelRequests_dbm_chainsLayerSizesAndBiases() {
    double[][][] w = {{{1, 0, 0.5}, {0, 1, -0.5}}, {{1}, {2}, {3}}}; // layers 2, 3, 1

    CreateModelRequest r = ModelRequests.withImageShape(ModelRequests.withPatterns(
        ModelRequests.dbm("deep", DbmUnits.DBM_BINARY, w, new double[][] {{0.1, 0.2}, {0, 0, 0}, {-1}}),
        new int[][] {{1, -1}}), 1, 2);

    DbmSpec spec = r.getDbm();
    assertEquals(DbmUnits.DBM_BINARY, spec.getUnits());
    assertEquals(2, spec.getWeightsCount());
    assertEquals(List.of(1.0, 0.0, 0.5, 0.0, 1.0, -0.5), spec.getWeights(0).getValuesList());
    assertEquals(3, spec.getWeights(1).getRows());
    assertEquals(List.of(-1.0), spec.getBiases(2).getValuesList());
    assertEquals(List.of(1, -1), spec.getPatterns().getSpinsList());
    assertEquals(2, spec.getImageShape().getWidth());
  }

  @Test
  void modelRequests_dbmShapeMistakes_rejectedSayingWhich() {
    IllegalArgumentException chain = assertThrows(IllegalArgumentException.class, () -> ModelRequests.dbm("d",
        DbmUnits.DBM_SPIN, new double[][][] {{{1, 0}}, {{1}, {1}, {1}}}, null));
    IllegalArgumentException biases = assertThrows(IllegalArgumentException.class, () -> ModelRequests.dbm("d",
        DbmUnits.DBM_SPIN, new double[][][] {{{1, 0}}}, new double[][] {{0}}));
    IllegalArgumentException biasLength = assertThrows(IllegalArgumentException.class, () -> ModelRequests.dbm("d",
        DbmUnits.DBM_SPIN, new double[][][] {{{1, 0}}}, new double[][] {{0}, {0}}));
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ModelRequests.dbm("d",
        DbmUnits.DBM_SPIN, new double[0][][], null));

    assertTrue(chain.getMessage().contains("weights 1 must have 2 rows, the columns of weights 0"), chain.getMessage());
    assertTrue(biases.getMessage().contains("one vector per layer (2 layers"), biases.getMessage());
    assertTrue(biasLength.getMessage().contains("bias 1 must have one entry per unit of layer 1 (2), got 1"),
        biasLength.getMessage());
    assertTrue(none.getMessage().contains("at least one weight matrix"), none.getMessage());
  }

  @Test
  void modelRequests_patternsOnABoltzmannMachine_overTheVisibleUnits() {
    double[][] w = {{0, 1, 2}, {1, 0, 3}, {2, 3, 0}};

    CreateModelRequest r = ModelRequests.withPatterns(ModelRequests.boltzmann("bm", w, null, 2), new int[][] {{1, 1}});

    assertEquals(List.of(1, 1), r.getBoltzmann().getPatterns().getSpinsList());
  }

  @Test
  void steerActions_eachKindSetsItsField_andRejectsBadValues() {
    SteerAction clamp = SteerActions.clamp("", new int[] {3, 0}, new int[] {1, -1});
    SteerAction release = SteerActions.release("hidden", 1, 2);

    assertEquals(0.5, SteerActions.temperature(0.5).getTemperature());
    assertEquals(2.0, SteerActions.inverseTemperature(2).getInverseTemperature());
    assertEquals(7, SteerActions.reportEvery(7).getReportEverySweeps());
    assertEquals(List.of(3, 0), clamp.getClamp().getUnitsList());
    assertEquals(List.of(1, -1), clamp.getClamp().getValuesList());
    assertEquals("hidden", release.getRelease().getLayer());
    assertEquals(List.of(1, 2), release.getRelease().getUnitsList());
    assertEquals(0, SteerActions.release("").getRelease().getUnitsCount(), "no units: release all");
    assertThrows(IllegalArgumentException.class, () -> SteerActions.temperature(0));
    assertThrows(IllegalArgumentException.class, () -> SteerActions.reportEvery(0));
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> SteerActions.clamp("", new int[] {1, 1}, new int[] {1, 1}));
    assertTrue(twice.getMessage().contains("unit 1 is named twice"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SteerActions.clamp("", new int[] {1}, new int[] {1, 1}));
  }
}
