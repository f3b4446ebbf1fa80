package org.ebmsim.server.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the committed seed inputs equal to what {@link SeedCorpus} builds. To rewrite them after
 * changing the seeds (or the protos), run this test with {@code -Debmsim.fuzz.write-seeds=true}.
 */
class SeedCorpusTest {
  /** The inputs directory of {@link RpcFuzzTest#fuzzEveryRpc}, in the source tree (surefire runs in the module folder). */
  static final Path INPUTS = Path.of("src/test/resources/org/ebmsim/server/fuzz/RpcFuzzTestInputs/fuzzEveryRpc");
  private static final Set<String> SERVICES = Set.of("DatasetService", "HamService", "ModelService", "RbmService",
      "ServerService",
      "SessionService", "SimulationService", "TrainingService");

  @Test
  void committedSeeds_areTheGeneratedOnes() throws IOException {
    Map<String, byte[]> seeds = SeedCorpus.inputs();
    if (Boolean.getBoolean("ebmsim.fuzz.write-seeds")) {
      Files.createDirectories(INPUTS);
      for (String stale : generatedNames()) {
        if (!seeds.containsKey(stale)) {
          Files.delete(INPUTS.resolve(stale));
        }
      }
      for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
        Files.write(INPUTS.resolve(e.getKey()), e.getValue());
      }
    }
    assertEquals(seeds.keySet(), generatedNames(), "seed files in " + INPUTS.toAbsolutePath()
        + " (rewrite them with -Debmsim.fuzz.write-seeds=true)");
    for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
      assertArrayEquals(e.getValue(), Files.readAllBytes(INPUTS.resolve(e.getKey())), e.getKey()
          + " differs from what SeedCorpus builds (rewrite with -Debmsim.fuzz.write-seeds=true)");
    }
  }

  @Test
  void seedNames_sayWhichServiceTheyCall() {
    for (String name : SeedCorpus.inputs().keySet()) {
      assertTrue(SERVICES.contains(name.substring(0, name.indexOf('.'))), name);
    }
  }

  /** Files named like generated seeds ({@code <Service>.<Method>-...}); findings saved by Jazzer are not. */
  private static Set<String> generatedNames() throws IOException {
    Set<String> out = new TreeSet<>();
    if (!Files.isDirectory(INPUTS)) {
      return out;
    }
    try (Stream<Path> files = Files.list(INPUTS)) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> n.indexOf('.') > 0 && SERVICES.contains(n.substring(0, n.indexOf('.'))))
          .forEach(out::add);
    }
    return out;
  }
}
