package org.ebmsim.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetFile;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.ListCheckpointsRequest;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.RbmInitialisation;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.ResumeTrainingRequest;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainingCheckpoint;
import org.ebmsim.proto.v1.TrainingServiceGrpc;
import org.ebmsim.proto.v1.WatchSessionRequest;
import org.ebmsim.server.training.TrainingWire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process killed with SIGKILL in the middle of a training session, restarted on the same
 * data folder, resumes the session from its last checkpoint and ends with weights bit-identical to
 * an uninterrupted run of the same request — and the first server runs the SIMD kernels, the second
 * the scalar ones, so that this also shows the two give the same bits through a whole training.
 */
class TrainingCrashResumeTest {
  private static final int TOTAL = 30 * 200; // epochs x batches per epoch

  @TempDir Path work;

  private static Model rbm(ModelServiceGrpc.ModelServiceBlockingStub models, String datasetId) {
    return models.createModel(CreateModelRequest.newBuilder().setName("crash").setRbm(RbmSpec.newBuilder()
        .setVariant(RbmVariant.BINARY).setInit(RbmInitialisation.newBuilder().setDatasetId(datasetId)
            .setMethod(RbmInitialisation.Method.RANDOM).setHiddenUnits(32).setRandomSd(0.01).setSeed(4))).build());
  }

  private static RbmSpec parameters(ChildServer s, String id) {
    return ModelServiceGrpc.newBlockingStub(s.channel).withDeadlineAfter(60, TimeUnit.SECONDS).getModel(
        GetModelRequest.newBuilder().setId(id).setIncludeParameters(true).build()).getRbm();
  }

  /** 2000 rows x 64 bits (400 held out), PCD-20 in batches of 8: a few seconds of work, checkpoints every 50 batches. */
  private static TrainRequest request(String modelId, String datasetId) {
    return TrainingWire.pcd(modelId, datasetId, 30, 8).setGibbsSteps(20).setCheckpointEveryBatches(50)
        .setEvaluationRows(100).build();
  }

  @Test
  void killDashNine_duringTraining_thenResume_givesTheUninterruptedWeights() throws Exception {
    DatasetFile file = TrainingWire.prototypes(2000, 64, 21);
    String sessionId;
    String modelA;
    String datasetId;
    // the first server runs the SIMD kernels, the second the scalar ones: the resumed run and the
    // uninterrupted one agree bit for bit only if both kernels give the same bits
    try (ChildServer first = ChildServer.start(work, 512, Map.of(), List.of("--add-modules=jdk.incubator.vector"))) {
      Dataset data = TrainingWire.upload(first.channel, "prototypes", file, 0.2);
      datasetId = data.getId();
      ModelServiceGrpc.ModelServiceBlockingStub models = ModelServiceGrpc.newBlockingStub(first.channel)
          .withDeadlineAfter(60, TimeUnit.SECONDS);
      modelA = rbm(models, datasetId).getId();
      TrainEvent started = TrainingServiceGrpc.newBlockingStub(first.channel).withDeadlineAfter(60, TimeUnit.SECONDS)
          .train(request(modelA, datasetId).toBuilder().setDetached(true).build()).next();
      sessionId = started.getStarted().getSessionId();
      assertEquals(TOTAL, started.getStarted().getTotal());
      Iterator<SessionEvent> watch = SessionServiceGrpc.newBlockingStub(first.channel)
          .withDeadlineAfter(120, TimeUnit.SECONDS).watchSession(WatchSessionRequest.newBuilder()
              .setSessionId(sessionId).build());
      long seen = 0;
      while (seen < TOTAL / 4 && watch.hasNext()) {
        SessionEvent e = watch.next();
        if (e.hasTrainProgress()) {
          seen = e.getTrainProgress().getBatches();
        }
        assertFalse(e.hasTrainResult(), "the training ended before the kill; make it longer");
      }
      first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint at stop
      assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
      assertTrue(first.tail().contains("element-wise kernels: Vector API"), first.tail());
    }
    Files.deleteIfExists(work.resolve("port"));
    try (ChildServer second = ChildServer.start(work, 512, Map.of())) {
      assertTrue(second.tail().contains("element-wise kernels: scalar"), second.tail());
      TrainingServiceGrpc.TrainingServiceBlockingStub training = TrainingServiceGrpc.newBlockingStub(second.channel)
          .withDeadlineAfter(300, TimeUnit.SECONDS);
      TrainingCheckpoint checkpoint = training.listCheckpoints(ListCheckpointsRequest.getDefaultInstance())
          .getCheckpoints(0);
      assertEquals(sessionId, checkpoint.getSessionId());
      assertFalse(checkpoint.getFinished());
      assertTrue(checkpoint.getBatches() >= TOTAL / 4 - 50 && checkpoint.getBatches() < TOTAL,
          "checkpoint at " + checkpoint.getBatches());
      List<TrainEvent> resumed = TrainingWire.all(training.resumeTraining(ResumeTrainingRequest.newBuilder()
          .setSessionId(sessionId).build()));
      assertEquals(TOTAL, resumed.get(resumed.size() - 1).getResult().getBatches());

      Model modelB = rbm(ModelServiceGrpc.newBlockingStub(second.channel).withDeadlineAfter(60, TimeUnit.SECONDS),
          datasetId);
      TrainingWire.all(training.train(request(modelB.getId(), datasetId)));
      RbmSpec a = parameters(second, modelA);
      RbmSpec b = parameters(second, modelB.getId());
      assertEquals(b.getWeights(), a.getWeights(), "weights after kill -9 and resume");
      assertEquals(b.getVisibleBiasList(), a.getVisibleBiasList());
      assertEquals(b.getHiddenBiasList(), a.getHiddenBiasList());
    }
  }
}
