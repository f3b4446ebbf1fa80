package org.ebmsim.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ebmsim.session.TrainingCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path dir;

  private static TrainingCheckpoint at(String session, long batches, long written) {
    return new TrainingCheckpoint(session, "m-0000000000000001", 1, "d-1", new byte[0], batches, 100, 0, List.of(),
        new byte[] {(byte) batches}, false, written);
  }

  @Test
  void write_keepsTheNewestK_andLatestSkipsADamagedFile() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    String s = "s-00000000000000aa";
    for (long b = 10; b <= 50; b += 10) {
      store.write(at(s, b, b), 3);
    }
    Path folder = dir.resolve("checkpoints").resolve(s);
    try (var files = Files.list(folder)) {
      assertEquals(List.of("00000000000000000030.ckpt", "00000000000000000040.ckpt", "00000000000000000050.ckpt"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals(50, store.latest(s).orElseThrow().batches());
    // a torn newest file (as after a crash without the atomic rename) falls back to the one before
    Path newest = folder.resolve("00000000000000000050.ckpt");
    byte[] bytes = Files.readAllBytes(newest);
    Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertEquals(40, store.latest(s).orElseThrow().batches());
    // a reopened store sees the same
    assertEquals(40, new CheckpointStore(dir).latest(s).orElseThrow().batches());
  }

  @Test
  void list_givesEachSessionsNewest_newestFirst_andUnknownIdsAreEmpty() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    store.write(at("s-0000000000000001", 5, 100), 3);
    store.write(at("s-0000000000000002", 7, 200), 3);
    store.write(at("s-0000000000000001", 9, 300), 3);
    List<CheckpointStore.Listed> listed = store.list();
    assertEquals(2, listed.size());
    assertEquals("s-0000000000000001", listed.get(0).checkpoint().sessionId());
    assertEquals(9, listed.get(0).checkpoint().batches());
    assertEquals(2, listed.get(0).kept());
    assertTrue(store.latest("../etc").isEmpty());
    assertTrue(store.latest("s-00000000000000ff").isEmpty());
  }
}
