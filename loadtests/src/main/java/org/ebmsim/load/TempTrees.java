package org.ebmsim.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the throw-away data folders the experiments and benchmarks give their embedded servers. */
public final class TempTrees {
  private TempTrees() {}

  /** Deletes {@code root} and everything below it (children before parents). */
  public static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
