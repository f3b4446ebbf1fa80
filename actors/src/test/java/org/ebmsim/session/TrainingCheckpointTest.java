package org.ebmsim.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingCheckpointTest {
  private static TrainingCheckpoint sample() {
    return new TrainingCheckpoint("s-0123456789abcdef", "m-00000000000000aa", 3, "d-1", new byte[] {1, 2, 3}, 40, 100,
        5, List.of(new LearningRatePlan.Override(20, 0.05)), new byte[] {9, 8, 7, 6}, false, 1234L);
  }

  @Test
  void encode_thenDecode_givesEveryFieldBack() throws IOException {
    TrainingCheckpoint c = sample();
    TrainingCheckpoint d = TrainingCheckpoint.decode(c.encode());
    assertEquals(c.sessionId(), d.sessionId());
    assertEquals(c.modelId(), d.modelId());
    assertEquals(c.startVersion(), d.startVersion());
    assertEquals(c.datasetId(), d.datasetId());
    assertArrayEquals(c.request(), d.request());
    assertEquals(c.batches(), d.batches());
    assertEquals(c.totalBatches(), d.totalBatches());
    assertEquals(c.lastVersion(), d.lastVersion());
    assertEquals(c.overrides(), d.overrides());
    assertArrayEquals(c.learnerState(), d.learnerState());
    assertEquals(c.finished(), d.finished());
    assertEquals(c.writtenMillis(), d.writtenMillis());
  }

  @Test
  void decode_ofDamagedOrTruncatedBytes_fails() {
    byte[] bytes = sample().encode();
    byte[] flipped = bytes.clone();
    flipped[20] ^= 1;
    IOException crc = assertThrows(IOException.class, () -> TrainingCheckpoint.decode(flipped));
    assertTrue(crc.getMessage().contains("CRC"), crc.getMessage());
    assertThrows(IOException.class, () -> TrainingCheckpoint.decode(Arrays.copyOf(bytes, bytes.length - 3)));
    assertThrows(IOException.class, () -> TrainingCheckpoint.decode(new byte[4]));
  }
}
