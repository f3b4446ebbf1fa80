package org.ebmsim.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a server process (shutdown grace 2 s) while a long session streams to its owner:
 * health stops answering SERVING, the session is stopped when the grace runs out, so its stream
 * ends as a stopped session's does (CANCELLED, "server shutting down") instead of being cut, and
 * the process exits within the grace plus 5 s.
 */
class GracefulShutdownTest {
  @TempDir Path work;

  @Test
  void sigterm_endsStreamsCleanly_andExitsWithinGracePlusFiveSeconds() throws Exception {
    ChildServer child = ChildServer.start(work, 512, Map.of("ebmsim.server.shutdown-grace", "2s"));
    try {
      SpinMatrix xi = SpinMatrix.newBuilder().setRows(1).setCols(16).addAllSpins(List.of(1, -1, 1, -1, 1, 1, -1, -1,
          1, 1, 1, -1, -1, -1, 1, -1)).build();
      String id = ModelServiceGrpc.newBlockingStub(child.channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .createModel(CreateModelRequest.newBuilder().setName("term").setHopfieldPatterns(HopfieldFromPatterns
              .newBuilder().setPatterns(xi)).build()).getId();
      Iterator<AnnealEvent> events = SimulationServiceGrpc.newBlockingStub(child.channel).anneal(AnnealRequest
          .newBuilder().setModelId(id).setChains(4).setSchedule(Schedule.newBuilder().setExplicit(ExplicitSchedule
              .newBuilder().addAllTemperatures(java.util.Collections.nCopies(100, 1.0))).setSweepsPerTemperature(1_000_000))
          .setReportEverySweeps(10_000)
          .build());
      CountDownLatch progressing = new CountDownLatch(1);
      CompletableFuture<Status> end = CompletableFuture.supplyAsync(() -> {
        try {
          while (events.hasNext()) {
            if (events.next().hasProgress()) {
              progressing.countDown();
            }
          }
          return Status.OK;
        } catch (StatusRuntimeException e) {
          return e.getStatus();
        }
      });
      assertTrue(progressing.await(60, TimeUnit.SECONDS), () -> "the session streams progress before the signal; "
          + (end.isDone() ? "its stream ended: " + end.join() : "none yet") + "\n" + child.tail());

      long t0 = System.nanoTime();
      child.process.destroy(); // SIGTERM: the shutdown hook closes the server
      // health leaves SERVING (NOT_SERVING, or UNAVAILABLE once the server refuses new calls)
      HealthCheckResponse.ServingStatus seen = HealthCheckResponse.ServingStatus.SERVING;
      while (seen == HealthCheckResponse.ServingStatus.SERVING && child.process.isAlive()) {
        try {
          seen = HealthGrpc.newBlockingStub(child.channel).withDeadlineAfter(1, TimeUnit.SECONDS)
              .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        } catch (StatusRuntimeException e) {
          seen = HealthCheckResponse.ServingStatus.UNKNOWN; // refused: the server no longer takes calls
        }
      }
      assertNotEquals(HealthCheckResponse.ServingStatus.SERVING, seen);

      Status status = end.get(2 + 5, TimeUnit.SECONDS);
      // a stopped session ends its owner's stream as StopSession does: CANCELLED, with the reason
      assertEquals(Status.Code.CANCELLED, status.getCode(), status.toString());
      assertEquals("server shutting down", status.getDescription());
      assertTrue(child.process.waitFor(2 + 5, TimeUnit.SECONDS), "exit within the grace plus 5 s");
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertTrue(seconds < 2 + 5, "exited after " + seconds + " s:\n" + child.tail());
    } finally {
      child.close();
    }
  }
}
