package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ebmsim.proto.v1.CreateModelRequest;
import org.junit.jupiter.api.Test;

/** {@link ModelRequests#attnBm}: the spec it builds and the mistakes it refuses before a round trip. */
class AttnBmRequestsTest {
  private static final double[][] XI = {{0.5, -1, 2}, {0, 1.5, -0.25}};

  @Test
  void attnBm_buildsTheSpec_andTakesAnImageShape() {
    CreateModelRequest r = ModelRequests.withImageShape(
        ModelRequests.attnBm("a", XI, new double[] {1, 2, 3}, new double[] {-1, 1}, 2), 1, 3);
    assertEquals("a", r.getName());
    assertEquals(2, r.getAttnbm().getPatterns().getRows());
    assertEquals(3, r.getAttnbm().getPatterns().getCols());
    assertEquals(-0.25, r.getAttnbm().getPatterns().getValues(5));
    assertEquals(3, r.getAttnbm().getVisibleBiasCount());
    assertEquals(1.0, r.getAttnbm().getHiddenBias(1));
    assertEquals(2, r.getAttnbm().getInverseTemperature());
    assertEquals(3, r.getAttnbm().getImageShape().getWidth());
    assertEquals(0, ModelRequests.attnBm("b", XI, null, null, 1).getAttnbm().getHiddenBiasCount());
  }

  @Test
  void attnBm_badBetaOrBiases_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> ModelRequests.attnBm("a", XI, null, null, 0));
    assertThrows(IllegalArgumentException.class, () -> ModelRequests.attnBm("a", XI, null, null, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> ModelRequests.attnBm("a", XI, new double[2], null, 1));
    assertThrows(IllegalArgumentException.class, () -> ModelRequests.attnBm("a", XI, null, new double[] {1, Double.NaN}, 1));
    assertThrows(IllegalArgumentException.class, () -> ModelRequests.attnBm("a", new double[][] {{1, Double.NaN}}, null, null, 1));
  }
}
