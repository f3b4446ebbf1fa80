package org.ebmsim.server.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.MethodDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link RpcFuzzTest} reaches: every RPC of every ebmsim service the server binds, each by
 * its name and each with saved inputs. A plain test, so it runs with the other tests.
 */
class RpcCoverageTest {
  @TempDir static Path dir;
  private static ServerUnderFuzz server;

  @BeforeAll
  static void startServer() throws Exception {
    server = ServerUnderFuzz.start(dir);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void everyBoundService_isFound() {
    Set<String> services = server.catalog().methods().stream().map(MethodDescriptor::getServiceName)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of("ebmsim.v1.DatasetService", "ebmsim.v1.HamService", "ebmsim.v1.ModelService",
        "ebmsim.v1.RbmService", "ebmsim.v1.ServerService", "ebmsim.v1.SessionService",
        "ebmsim.v1.SimulationService", "ebmsim.v1.TrainingService"), services, "services found by reflection");
  }

  @Test
  void everyBoundRpc_isAddressedByItsName() {
    List<MethodDescriptor<?, ?>> methods = server.catalog().methods();
    for (MethodDescriptor<?, ?> m : methods) {
      byte[] input = (m.getFullMethodName() + "\n").getBytes(StandardCharsets.UTF_8);
      assertEquals(m, FuzzInput.method(input, server.catalog()), m.getFullMethodName());
      assertTrue(FuzzInput.decode(input, server.catalog()).isPresent(), "empty request of " + m.getFullMethodName());
    }
  }

  /** The regression run calls every RPC with at least one saved input (beyond the empty one). */
  @Test
  void everyBoundRpc_hasASavedInput() throws Exception {
    Set<String> covered = new TreeSet<>();
    try (Stream<Path> files = Files.list(SeedCorpusTest.INPUTS)) {
      for (Path f : files.toList()) {
        covered.add(FuzzInput.method(Files.readAllBytes(f), server.catalog()).getFullMethodName());
      }
    }
    Set<String> missing = server.catalog().methods().stream().map(MethodDescriptor::getFullMethodName)
        .collect(Collectors.toCollection(TreeSet::new));
    missing.removeAll(covered);
    assertEquals(Set.of(), missing, "RPCs without a saved input in " + SeedCorpusTest.INPUTS
        + " (add some to SeedCorpus)");
  }
}
