package org.ebmsim.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.GetServerStatusRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.ServerServiceGrpc;
import org.ebmsim.proto.v1.ServerStatus;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.WatchSessionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defects 1 and 2 of the reliability issue, in a child JVM with a 512 MiB heap: sessions whose
 * streams are never read, stored models, watchers and large requests are all charged against
 * one memory budget (60 % of the heap) before they allocate. Filling that budget every way the
 * limits allow must never kill the server with OutOfMemoryError (the child exits on any OOM);
 * what does not fit gets RESOURCE_EXHAUSTED naming the budget and the request's cost, and memory
 * comes back when sessions end and models are deleted.
 */
class MemoryAdmissionTest {
  private static final int HEAP_MIB = 512;

  @TempDir Path work;

  private static ServerStatus status(ChildServer s) {
    return ServerServiceGrpc.newBlockingStub(s.channel).withDeadlineAfter(20, TimeUnit.SECONDS)
        .getServerStatus(GetServerStatusRequest.getDefaultInstance());
  }

  private static void assertAlive(ChildServer s) {
    if (!s.process.isAlive()) {
      fail("the server died (exit " + s.process.exitValue() + "):\n" + s.tail());
    }
    ServerStatus st = status(s);
    assertTrue(st.getMemoryReservedBytes() <= st.getMemoryBudgetBytes(), st.toString());
  }

  private static String refusal(Status.Code code, Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      assertEquals(code, e.getStatus().getCode(), "status (" + e.getStatus().getDescription() + ")");
      return String.valueOf(e.getStatus().getDescription());
    }
    fail("expected " + code);
    return null;
  }

  /** A stream that is never read: its client asks for nothing after the first event. */
  private static final class UnreadStream {
    final CompletableFuture<String> started = new CompletableFuture<>();
    ClientCallStreamObserver<AnnealRequest> call;

    UnreadStream(SimulationServiceGrpc.SimulationServiceStub stub, AnnealRequest request) {
      stub.anneal(request, new ClientResponseObserver<AnnealRequest, AnnealEvent>() {
        @Override
        public void beforeStart(ClientCallStreamObserver<AnnealRequest> requestStream) {
          call = requestStream;
          requestStream.disableAutoRequestWithInitial(1);
        }

        @Override
        public void onNext(AnnealEvent value) {
          started.complete(value.getStarted().getSessionId());
        }

        @Override
        public void onError(Throwable t) {
          started.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
          started.completeExceptionally(new IllegalStateException("completed"));
        }
      });
    }
  }

  private static Model hopfield(ChildServer s, int n, long seed) {
    Random r = new Random(seed);
    SpinMatrix.Builder xi = SpinMatrix.newBuilder().setRows(3).setCols(n);
    for (int k = 0; k < 3 * n; k++) {
      xi.addSpins(r.nextBoolean() ? 1 : -1);
    }
    return ModelServiceGrpc.newBlockingStub(s.channel).withDeadlineAfter(60, TimeUnit.SECONDS).createModel(
        CreateModelRequest.newBuilder().setName("h").setHopfieldPatterns(HopfieldFromPatterns.newBuilder()
            .setPatterns(xi)).build());
  }

  private static AnnealRequest anneal(Model m, int chains) {
    return AnnealRequest.newBuilder().setModelId(m.getId()).setChains(chains).setSeed(2).setReportEverySweeps(1)
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(3).setTEnd(0.1)
            .setSteps(1000)))
        .setSamples(SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.EVERY).setMaxChains(1024)).build();
  }

  @Test
  void unreadSessionsWatchersAndModels_fillTheBudget_andTheRestIsRefused_neverAnOutOfMemoryError() throws Exception {
    try (ChildServer s = ChildServer.start(work, HEAP_MIB, Map.of())) {
      Model m = hopfield(s, 500, 1);
      SimulationServiceGrpc.SimulationServiceStub async = SimulationServiceGrpc.newStub(s.channel);
      // the request of the original report (2000 units x 10 000 chains): every configured limit accepts it
      Model big = hopfield(s, 2000, 7);
      String tooBig = refusal(Status.Code.RESOURCE_EXHAUSTED, () -> SimulationServiceGrpc.newBlockingStub(s.channel)
          .anneal(anneal(big, 10_000)).next());
      assertTrue(tooBig.contains("memory budget") && tooBig.contains("10000 chains x 2000 units"), tooBig);
      ModelServiceGrpc.newBlockingStub(s.channel).deleteModel(DeleteModelRequest.newBuilder().setId(big.getId())
          .build());

      // sessions of 4000 chains x 500 units, streams never read, until the budget refuses one
      List<UnreadStream> open = new ArrayList<>();
      String refused = null;
      for (int k = 0; k < 64 && refused == null; k++) {
        UnreadStream u = new UnreadStream(async, anneal(m, 4000));
        try {
          u.started.get(60, TimeUnit.SECONDS);
          open.add(u);
        } catch (java.util.concurrent.ExecutionException e) {
          Status st = Status.fromThrowable(e.getCause());
          assertEquals(Status.Code.RESOURCE_EXHAUSTED, st.getCode(), st.toString());
          refused = st.getDescription();
        }
      }
      assertTrue(refused != null && refused.contains("memory budget"), "the budget ends the series: " + refused);
      assertTrue(open.size() >= 2, "sessions admitted before the budget was full: " + open.size());

      // watchers and big reads while the sessions hold their memory
      SessionServiceGrpc.newStub(s.channel).watchSession(WatchSessionRequest.newBuilder()
          .setSessionId(open.get(0).started.get()).build(), new io.grpc.stub.StreamObserver<SessionEvent>() {
            @Override
            public void onNext(SessionEvent value) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          });
      for (int k = 0; k < 20; k++) {
        try {
          ModelServiceGrpc.newBlockingStub(s.channel).withDeadlineAfter(20, TimeUnit.SECONDS).getModel(
              GetModelRequest.newBuilder().setId(m.getId()).setIncludeParameters(true).build());
        } catch (StatusRuntimeException e) {
          assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
        }
        assertAlive(s);
      }
      // models until the budget refuses one
      String modelRefused = null;
      for (int k = 0; k < 200 && modelRefused == null; k++) {
        try {
          hopfield(s, 500, 100 + k);
        } catch (StatusRuntimeException e) {
          assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
          modelRefused = e.getStatus().getDescription();
        }
      }
      assertTrue(modelRefused != null && modelRefused.contains("memory budget"), String.valueOf(modelRefused));
      assertAlive(s);

      // everything given back when the sessions end
      open.forEach(u -> u.call.cancel("done", null));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (status(s).getSessionsActive() > 0 || status(s).getLiveActors() > 0) {
        assertTrue(System.nanoTime() < deadline, "sessions did not end: " + status(s));
        Thread.sleep(20); // another process: polled with a deadline
      }
      assertAlive(s);
      UnreadStream again = new UnreadStream(async, anneal(m, 1000));
      again.started.get(60, TimeUnit.SECONDS);
      again.call.cancel("done", null);
    }
  }

  @Test
  void repeatedCreateModel_reachesTheBudget_asResourceExhausted_andDeletingMakesRoom() throws Exception {
    try (ChildServer s = ChildServer.start(work, HEAP_MIB, Map.of())) {
      ModelServiceGrpc.ModelServiceBlockingStub models = ModelServiceGrpc.newBlockingStub(s.channel);
      int n = 1000; // 8 MB of weights per model, sent as an 8 MB request
      Matrix.Builder w = Matrix.newBuilder().setRows(n).setCols(n);
      Random r = new Random(4);
      double[] values = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          values[i * n + j] = values[j * n + i] = r.nextGaussian() / n;
        }
      }
      for (double v : values) {
        w.addValues(v);
      }
      CreateModelRequest request = CreateModelRequest.newBuilder().setName("w")
          .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(w)).build();
      List<String> ids = new ArrayList<>();
      String refused = null;
      while (refused == null) {
        try {
          ids.add(models.withDeadlineAfter(60, TimeUnit.SECONDS).createModel(request).getId());
        } catch (StatusRuntimeException e) {
          assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
          refused = e.getStatus().getDescription();
        }
        assertTrue(ids.size() < 100, "the budget never refused a model");
      }
      assertTrue(refused.contains("memory budget"), refused);
      ServerStatus st = status(s);
      // the budget is reached, not some lower wall: a model is ~8 MB, so less than two models' room is left
      long left = st.getMemoryBudgetBytes() - st.getMemoryReservedBytes();
      assertTrue(left < 3L * 8 * n * n, "refused with " + (left >> 20) + " MiB of the budget free (" + ids.size()
          + " models stored)");
      assertAlive(s);
      models.deleteModel(DeleteModelRequest.newBuilder().setId(ids.get(0)).build());
      models.withDeadlineAfter(60, TimeUnit.SECONDS).createModel(request);
      assertAlive(s);
    }
  }
}
