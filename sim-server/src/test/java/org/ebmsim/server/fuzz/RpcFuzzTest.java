package org.ebmsim.server.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes every RPC of the server: an input names a method and carries request bytes (see
 * {@link FuzzInput}); {@link ServerUnderFuzz#exercise} decodes it with the method's marshaller,
 * calls a real in-process server and checks the invariants. One server serves all inputs of a run.
 *
 * <p>{@code mvn test} replays the saved inputs in
 * {@code src/test/resources/org/ebmsim/server/fuzz/RpcFuzzTestInputs/fuzzEveryRpc/} (and the empty
 * input); {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration} (README, section "Fuzzing").
 */
class RpcFuzzTest {
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

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"@hopfield", "@boltzmann", "@rbm", "@gaussian-rbm", "@dbm", "@dense", "@attnbm", "@dataset",
      "@session",
      "fixture.csv", "ebmsim.v1."})
  void fuzzEveryRpc(byte[] input) throws Exception {
    server.exercise(input);
  }
}
