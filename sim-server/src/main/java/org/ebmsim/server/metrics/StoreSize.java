package org.ebmsim.server.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The bytes of the regular files under one folder of the data directory (a store: models with
 * their versions, datasets, checkpoints), for a gauge. Walking a big store costs a directory read
 * per folder, so the total is cached and walked again only when a scrape asks for it more than
 * {@code refresh} after the last walk: scrapes cost one walk per {@code refresh} at most.
 */
final class StoreSize {
  private final Path folder;
  private final long refreshNanos;
  private final LongSupplier clock;
  private long walkedAt;
  private long bytes = -1;

  StoreSize(Path folder, Duration refresh) {
    this(folder, refresh, System::nanoTime);
  }

  StoreSize(Path folder, Duration refresh, LongSupplier nanoClock) {
    this.folder = folder;
    this.refreshNanos = refresh.toNanos();
    this.clock = nanoClock;
  }

  /** The cached total, walked again if it is older than the refresh interval (or never walked). */
  synchronized double bytes() {
    long now = clock.getAsLong();
    if (bytes < 0 || now - walkedAt >= refreshNanos) {
      bytes = walk(folder);
      walkedAt = now;
    }
    return bytes;
  }

  /** Sums the sizes of the regular files under {@code folder}; files deleted during the walk are skipped. */
  static long walk(Path folder) {
    long[] total = {0};
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            total[0] += attrs.size();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // deleted between listing and reading: not there any more
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + folder, e);
    }
    return total[0];
  }
}
