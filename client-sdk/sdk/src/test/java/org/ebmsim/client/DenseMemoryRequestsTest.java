package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DenseInteraction;
import org.junit.jupiter.api.Test;

/** {@link ModelRequests#denseMemory}: the spec it builds and the mistakes it refuses before a round trip. */
class DenseMemoryRequestsTest {
  private static final int[][] PATTERNS = {{1, -1, 1, -1}, {1, 1, -1, -1}};

  @Test
  void denseMemory_buildsTheSpec_andTakesAnImageShape() {
    CreateModelRequest r = ModelRequests.withImageShape(
        ModelRequests.denseMemory("dam", PATTERNS, DenseInteraction.RECTIFIED_POWER, 4), 2, 2);
    assertEquals("dam", r.getName());
    assertEquals(DenseInteraction.RECTIFIED_POWER, r.getDenseMemory().getInteraction());
    assertEquals(4, r.getDenseMemory().getDegree());
    assertEquals(2, r.getDenseMemory().getPatterns().getRows());
    assertEquals(4, r.getDenseMemory().getPatterns().getCols());
    assertEquals(-1, r.getDenseMemory().getPatterns().getSpins(6)); // row 1, column 2
    assertEquals(2, r.getDenseMemory().getImageShape().getHeight());
    assertEquals(0, ModelRequests.denseMemory("e", PATTERNS, DenseInteraction.EXPONENTIAL, 0).getDenseMemory()
        .getDegree());
  }

  @Test
  void denseMemory_badInteractionOrDegree_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> ModelRequests.denseMemory("d", PATTERNS, DenseInteraction.DENSE_INTERACTION_UNSPECIFIED, 3));
    assertThrows(IllegalArgumentException.class, () -> ModelRequests.denseMemory("d", PATTERNS, DenseInteraction.POWER, 1));
    assertThrows(IllegalArgumentException.class,
        () -> ModelRequests.denseMemory("d", PATTERNS, DenseInteraction.EXPONENTIAL, 2));
    assertThrows(IllegalArgumentException.class,
        () -> ModelRequests.withImageShape(ModelRequests.denseMemory("d", PATTERNS, DenseInteraction.POWER, 3), 3, 1));
  }
}
