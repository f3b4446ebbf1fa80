package org.ebmsim.server.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainingMethod;
import org.ebmsim.proto.v1.TrainingServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fuzzer found, each pinned to the precise status it gets since the fix (the saved
 * inputs named {@code finding-*} replay the same requests in {@link RpcFuzzTest}).
 */
class FuzzFindingsTest {
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

  /**
   * Findings 1 and 2: a learning rate of 2.9e232 passes validation (finite, > 0) and the first
   * updates make the parameters non-finite. RBM: the trainer's "training diverged ... lower the
   * learning rate" reached the client as INTERNAL, because a chain group's failure was wrapped as
   * an internal one. DBM: the trainer did not notice, and the
   * epoch's evaluation failed building a model of NaN weights (INTERNAL).
   */
  @ParameterizedTest
  @ValueSource(strings = {"@rbm", "@dbm"})
  void train_divergingAtTheRequestedLearningRate_isFailedPrecondition_withTheAdvice(String model) {
    for (TrainingMethod method : new TrainingMethod[] {TrainingMethod.CD, TrainingMethod.PCD}) {
      TrainRequest request = TrainRequest.newBuilder().setModelId(server.id(model)).setDatasetId(server.id("@dataset"))
          .setMethod(method).setGibbsSteps(1).setBatchSize(4).setEpochs(2)
          .setLearningRate(LearningRate.newBuilder().setInitial(2.89278022060983E232)).build();
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
          TrainingServiceGrpc.newBlockingStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS).train(request)
              .forEachRemaining(event -> { }), model + " " + method);
      assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(), model + " " + method + ": " + e.getStatus());
      assertTrue(e.getStatus().getDescription().contains("diverged")
          && e.getStatus().getDescription().contains("lower the learning rate"), e.getStatus().getDescription());
    }
  }
}
