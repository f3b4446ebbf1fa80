package org.ebmsim.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store-size gauge's source: the bytes of the files under a folder, walked again only after the refresh. */
class StoreSizeTest {
  @TempDir Path dir;

  @Test
  void bytes_areWalkedAgainOnlyAfterTheRefreshInterval() throws Exception {
    Files.write(dir.resolve("a.pb"), new byte[100]);
    Files.createDirectories(dir.resolve("versions"));
    Files.write(dir.resolve("versions").resolve("1.pb"), new byte[23]);
    long[] now = {0};
    StoreSize size = new StoreSize(dir, Duration.ofSeconds(10), () -> now[0]);
    assertEquals(123, size.bytes());
    Files.write(dir.resolve("b.pb"), new byte[7]);
    now[0] = Duration.ofSeconds(9).toNanos();
    assertEquals(123, size.bytes(), "cached within the interval");
    now[0] = Duration.ofSeconds(10).toNanos();
    assertEquals(130, size.bytes(), "walked again after it");
    Files.delete(dir.resolve("a.pb"));
    now[0] = Duration.ofSeconds(20).toNanos();
    assertEquals(30, size.bytes(), "deletions shrink it");
  }

  @Test
  void aMissingFolder_isEmpty() {
    assertEquals(0, new StoreSize(dir.resolve("none"), Duration.ZERO).bytes());
  }
}
