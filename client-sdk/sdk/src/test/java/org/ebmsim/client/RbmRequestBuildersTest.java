package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RbmRequestBuildersTest {
  private static final double[][] W = {{0.5, -1, 0}, {2, 0.25, -0.5}}; // V = 2, H = 3

  @Test
  void rbm_packsVisibleByHiddenWeightsRowMajorWithBothBiases() {
    CreateModelRequest r = ModelRequests.withImageShape(
        ModelRequests.rbm("r", RbmVariant.SPIN, W, new double[] {1, -1}, new double[] {0.1, 0.2, 0.3}), 1, 2);

    RbmSpec spec = r.getRbm();
    assertEquals(RbmVariant.SPIN, spec.getVariant());
    assertEquals(2, spec.getWeights().getRows());
    assertEquals(3, spec.getWeights().getCols());
    assertEquals(List.of(0.5, -1.0, 0.0, 2.0, 0.25, -0.5), spec.getWeights().getValuesList());
    assertEquals(List.of(1.0, -1.0), spec.getVisibleBiasList());
    assertEquals(List.of(0.1, 0.2, 0.3), spec.getHiddenBiasList());
    assertEquals(2, spec.getImageShape().getWidth());
  }

  @Test
  void rbm_nullBiases_leaveZerosToTheServer() {
    RbmSpec spec = ModelRequests.rbm("r", RbmVariant.BINARY, W, null, null).getRbm();

    assertEquals(0, spec.getVisibleBiasCount());
    assertEquals(0, spec.getHiddenBiasCount());
  }

  @Test
  void rbm_betaAndSigma_setOnlyForTheirVariants() {
    CreateModelRequest bg = ModelRequests.withInverseTemperature(
        ModelRequests.rbm("bg", RbmVariant.BINARY_GAUSSIAN, W, null, null), 2.5);
    CreateModelRequest gb = ModelRequests.withVisibleSigma(
        ModelRequests.rbm("gb", RbmVariant.GAUSSIAN_BERNOULLI, W, null, null), new double[] {0.5, 2});

    assertEquals(2.5, bg.getRbm().getInverseTemperature());
    assertEquals(List.of(0.5, 2.0), gb.getRbm().getVisibleSigmaList());
    assertMessage("applies only to a BINARY_GAUSSIAN RBM (this request is BINARY RBM)",
        () -> ModelRequests.withInverseTemperature(ModelRequests.rbm("b", RbmVariant.BINARY, W, null, null), 1));
    assertMessage("applies only to a GAUSSIAN_BERNOULLI RBM",
        () -> ModelRequests.withVisibleSigma(bg, new double[] {1, 1}));
    assertMessage("β must be finite and > 0, got 0.0", () -> ModelRequests.withInverseTemperature(bg, 0));
    assertMessage("entry 1 is -2.0", () -> ModelRequests.withVisibleSigma(gb, new double[] {1, -2}));
  }

  @Test
  void rbm_wrongShapesOrVariant_rejectedSayingWhich() {
    assertMessage("visible bias must have one entry per visible unit (2",
        () -> ModelRequests.rbm("r", RbmVariant.BINARY, W, new double[] {1, 2, 3}, null));
    assertMessage("hidden bias must have one entry per hidden unit (3",
        () -> ModelRequests.rbm("r", RbmVariant.BINARY, W, null, new double[] {1, 2}));
    assertMessage("σ must have one entry per visible unit (2",
        () -> ModelRequests.withVisibleSigma(
            ModelRequests.rbm("r", RbmVariant.GAUSSIAN_BERNOULLI, W, null, null), new double[] {1}));
    assertMessage("rows must have equal lengths; row 1 has 1",
        () -> ModelRequests.rbm("r", RbmVariant.BINARY, new double[][] {{1, 2}, {3}}, null, null));
    assertMessage("needs a variant",
        () -> ModelRequests.rbm("r", RbmVariant.RBM_VARIANT_UNSPECIFIED, W, null, null));
    assertMessage("image 2x2 has 4 pixels but the model has 2 visible units",
        () -> ModelRequests.withImageShape(ModelRequests.rbm("r", RbmVariant.BINARY, W, null, null), 2, 2));
  }

  @Test
  void rbm_patterns_attachOverTheVisibleUnits() {
    CreateModelRequest r = ModelRequests.withPatterns(
        ModelRequests.rbm("r", RbmVariant.BINARY_GAUSSIAN, W, null, null), new int[][] {{1, -1}});

    assertEquals(List.of(1, -1), r.getRbm().getPatterns().getSpinsList());
    assertMessage("one entry per visible unit (2), got 3", () -> ModelRequests.withPatterns(r, new int[][] {{1, 1, 1}}));
  }

  @Test
  void aisSchedules_eachKind_setsItsField() {
    assertEquals(300, AisSchedules.uniform(300).getUniformSteps());
    assertEquals(600, AisSchedules.threeSegment(600).getThreeSegmentSteps());
    AisSchedule original = AisSchedules.threeSegment();
    assertEquals(AisSchedule.KindCase.THREE_SEGMENT_STEPS, original.getKindCase(), "0 = the original 14500 steps");
    assertEquals(List.of(0.0, 0.5, 0.5, 1.0), AisSchedules.explicit(0, 0.5, 0.5, 1).getExplicit().getBetasList());
  }

  @Test
  void aisSchedules_invalid_rejectedWithTheRule() {
    assertMessage("1 to 1000000 temperatures, got 0", () -> AisSchedules.uniform(0));
    assertMessage("3 to 1000000 temperatures, got 2", () -> AisSchedules.threeSegment(2));
    assertMessage("at least 2", () -> AisSchedules.explicit(1));
    assertMessage("must not decrease; β_2 = 0.2 < β_1 = 0.5", () -> AisSchedules.explicit(0, 0.5, 0.2, 1));
    assertMessage("from β = 0 to β = 1; got 0.0 to 0.9", () -> AisSchedules.explicit(0, 0.9));
    assertMessage("must be finite", () -> AisSchedules.explicit(0, Double.NaN, 1));
  }

  private static void assertMessage(String part, Executable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    assertTrue(e.getMessage().contains(part), "message was: " + e.getMessage());
  }
}
