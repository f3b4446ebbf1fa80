package org.ebmsim.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ebmsim.actor.cluster.GroupLock;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetServerStatusRequest;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.Rebalanced;
import org.ebmsim.proto.v1.ResumeSessionRequest;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.TemperEvent;
import org.ebmsim.proto.v1.TemperRequest;
import org.ebmsim.proto.v1.TemperResult;
import org.ebmsim.proto.v1.ServerServiceGrpc;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault tolerance of a 3-node cluster (three server JVMs sharing a data folder): a seeded anneal
 * of an RBM (block Gibbs, 16 chains per group fixed by configuration as BLAS-sampled models need) whose
 * session runs on node 0 is paused, a node hosting some of its chain groups is killed
 * ({@code kill -9}), the session resumes; the groups restart on the survivors from their
 * checkpoints (both layers' states and streams), the stream shows a {@code rebalanced} event and
 * no error, and the result is the single-node result bit for bit. A parallel-tempering session of
 * the same RBM (its 8 groups in the same shards, so on the same nodes) is paused past a checkpoint
 * alongside and goes through the same kill: its moved groups resume from checkpoints after a
 * sweep > 0, replaying the rounds since at the temperatures the swaps gave them, and its result
 * (final states per temperature, acceptance, rejection, Λ, round trips, energies per level) is
 * the single-node one bit for bit. Then the same with SIGTERM on
 * the other node and a Hopfield anneal: it leaves the cluster, its groups are handed off, and the
 * session again ends with the same result.
 */
class ClusterFailoverTest {
  private static final int N = 48;
  // C1 only: the nodes start faster, and this anneal is small
  private static final List<String> JVM = List.of("--add-modules=jdk.incubator.vector",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "-XX:TieredStopAtLevel=1");

  private static double[] couplings(long seed) {
    Random r = new Random(seed);
    double[] w = new double[N * N];
    for (int i = 0; i < N; i++) {
      for (int j = i + 1; j < N; j++) {
        w[i * N + j] = w[j * N + i] = r.nextGaussian() / Math.sqrt(N);
      }
    }
    return w;
  }

  private static CreateModelRequest model() {
    Matrix.Builder m = Matrix.newBuilder().setRows(N).setCols(N);
    for (double v : couplings(7)) {
      m.addValues(v);
    }
    return CreateModelRequest.newBuilder().setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(m)).build();
  }

  /** A binary RBM with N visible and 32 hidden units. */
  private static CreateModelRequest rbm() {
    Random r = new Random(8);
    Matrix.Builder m = Matrix.newBuilder().setRows(N).setCols(32);
    for (int k = 0; k < N * 32; k++) {
      m.addValues(0.3 * r.nextGaussian());
    }
    return CreateModelRequest.newBuilder().setRbm(org.ebmsim.proto.v1.RbmSpec.newBuilder()
        .setVariant(org.ebmsim.proto.v1.RbmVariant.BINARY).setWeights(m)).build();
  }

  /** Chains per RBM group, on every node and in the reference: BLAS rounds by batch height. */
  private static final int BLAS_CHAINS = 16;

  /** 128 chains (8 groups of 16), 40 rounds of 64 sweeps: a checkpoint after every round. */
  private static AnnealRequest anneal(String modelId) {
    return AnnealRequest.newBuilder().setModelId(modelId).setChains(128).setSeed(2026)
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(3).setTEnd(0.1)
            .setSteps(40)).setSweepsPerTemperature(64))
        .setReportEverySweeps(64).setResultStates(8).build();
  }

  /**
   * 128 chains (16 ladders of 8 temperatures; 8 groups of 16) swapping every 5 sweeps: rounds of 5
   * sweeps, a checkpoint at the first round end 64 sweeps past the last one (65, 130, 195, ...).
   */
  private static TemperRequest temper(String modelId) {
    return TemperRequest.newBuilder().setModelId(modelId).setLadder(org.ebmsim.proto.v1.TemperLadder.newBuilder()
            .setGeometric(org.ebmsim.proto.v1.GeometricLadder.newBuilder().setTMin(0.5).setTMax(3).setLevels(8)))
        .setLadders(16).setSweeps(600).setSwapIntervalSweeps(5).setSeed(77).setReportEverySweeps(50)
        .setSampleLadders(1).setResultLadders(2).build();
  }

  /** The single-node result of the RBM tempering session. */
  private static TemperResult temperReference;

  /** The single-node results of the Hopfield anneal and of the RBM anneal (and {@link #temperReference}). */
  private static List<AnnealResult> singleNodeResults(Path dir) throws Exception {
    EbmsimServer server = EbmsimServer.inProcess(ConfigFactory.parseMap(Map.of("ebmsim.server.data-dir",
        dir.toString(), "ebmsim.engine.blas-chains-per-group", BLAS_CHAINS)).withFallback(ConfigFactory.load()),
        "cluster-reference");
    ManagedChannel ch = InProcessChannelBuilder.forName("cluster-reference").build();
    try {
      List<AnnealResult> out = new ArrayList<>();
      for (CreateModelRequest model : List.of(model(), rbm())) {
        String id = ModelServiceGrpc.newBlockingStub(ch).createModel(model).getId();
        List<AnnealEvent> events = new ArrayList<>();
        SimulationServiceGrpc.newBlockingStub(ch).anneal(anneal(id)).forEachRemaining(events::add);
        out.add(events.get(events.size() - 1).getResult());
      }
      List<TemperEvent> tempered = new ArrayList<>();
      String rbmId = ModelServiceGrpc.newBlockingStub(ch).createModel(rbm()).getId();
      SimulationServiceGrpc.newBlockingStub(ch).temper(temper(rbmId)).forEachRemaining(tempered::add);
      temperReference = tempered.get(tempered.size() - 1).getResult();
      return out;
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Polls (with a deadline) until every node sees {@code count} cluster members up. */
  private static void awaitMembersUp(List<ChildServer> nodes, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (ChildServer n : nodes) {
      while (ServerServiceGrpc.newBlockingStub(n.channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .getServerStatus(GetServerStatusRequest.getDefaultInstance()).getClusterMembersUp() < count) {
        assertTrue(System.nanoTime() < deadline, "the cluster did not form in 60 s: " + n.tail());
        TimeUnit.MILLISECONDS.sleep(50); // polling another process's view, with a deadline
      }
    }
  }

  private static long liveActors(ChildServer s) {
    return ServerServiceGrpc.newBlockingStub(s.channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getServerStatus(GetServerStatusRequest.getDefaultInstance()).getLiveActors();
  }

  /** A tempering session of the RBM running alongside the anneal of {@link #runThrough}, with what it streamed. */
  private static final class Tempering {
    final Iterator<TemperEvent> events;
    final String id;
    final List<Rebalanced> rebalances = new ArrayList<>();

    /** Starts it on {@code session} and pauses it once past 200 sweeps (two checkpoints behind it). */
    Tempering(ChildServer session, String modelId) {
      events = SimulationServiceGrpc.newBlockingStub(session.channel).temper(temper(modelId));
      id = events.next().getStarted().getSessionId();
      while (events.next().getProgress().getSweep() < 200) {
        // progress every 50 sweeps; the session waits for each to be read, so it is at most one round further
      }
      SessionServiceGrpc.newBlockingStub(session.channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .pauseSession(PauseSessionRequest.newBuilder().setSessionId(id).build());
    }

    /** Resumes it on {@code session} and reads it to its result. */
    TemperResult finish(ChildServer session) {
      SessionServiceGrpc.newBlockingStub(session.channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .resumeSession(ResumeSessionRequest.newBuilder().setSessionId(id).build());
      TemperEvent last = null;
      while (events.hasNext()) { // an error here (the stream failing) fails the test
        last = events.next();
        if (last.hasRebalanced()) {
          rebalances.add(last.getRebalanced());
        }
      }
      assertTrue(last != null && last.hasResult(), "the tempering stream ended with the result");
      return last.getResult();
    }
  }

  /** Runs the anneal on node 0, pausing it to end {@code other} (forcibly or not) mid-session; its result and rebalances. */
  private static AnnealResult runThrough(ChildServer session, String modelId, List<ChildServer> candidates,
      boolean kill, List<Rebalanced> rebalances, List<ChildServer> ended) throws Exception {
    return runThrough(session, modelId, candidates, kill, rebalances, ended, null);
  }

  /** {@link #runThrough}, with a paused tempering session ({@code alongside}, or null) going through the same end of a node. */
  private static AnnealResult runThrough(ChildServer session, String modelId, List<ChildServer> candidates,
      boolean kill, List<Rebalanced> rebalances, List<ChildServer> ended, Tempering alongside) throws Exception {
    Iterator<AnnealEvent> events = SimulationServiceGrpc.newBlockingStub(session.channel).anneal(anneal(modelId));
    String id = events.next().getStarted().getSessionId();
    var sessions = SessionServiceGrpc.newBlockingStub(session.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    sessions.pauseSession(PauseSessionRequest.newBuilder().setSessionId(id).build()); // answered once paused
    // where the groups went is the cluster's choice: end a node that hosts some
    ChildServer other = null;
    for (ChildServer c : candidates) {
      if (liveActors(c) > 0) {
        other = c;
        break;
      }
    }
    assertTrue(other != null, "a node other than the session's hosts chain groups of it");
    ended.add(other);
    if (kill) {
      other.process.destroyForcibly(); // SIGKILL: no goodbye to the cluster
    } else {
      other.process.destroy(); // SIGTERM: the server leaves the cluster, handing its groups off
    }
    assertTrue(other.process.waitFor(40, TimeUnit.SECONDS), "the node ended");
    if (!kill) {
      assertEquals(143, other.process.exitValue(), "SIGTERM ends the JVM through its shutdown hooks");
    }
    SessionServiceGrpc.newBlockingStub(session.channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .resumeSession(ResumeSessionRequest.newBuilder().setSessionId(id).build());
    AnnealEvent last = null;
    while (events.hasNext()) { // an error here (the stream failing) fails the test
      last = events.next();
      if (last.hasRebalanced()) {
        rebalances.add(last.getRebalanced());
      }
    }
    assertTrue(last != null && last.hasResult(), "the stream ended with the result");
    if (alongside != null) {
      assertEquals(temperReference, alongside.finish(session), "tempering after the node ended: " + session.tail());
    }
    return last.getResult();
  }

  @Test
  void killedAndLeavingNodes_groupsResumeElsewhere_resultIdenticalToOneNode(@TempDir Path dir) throws Exception {
    long t0 = System.nanoTime();
    Path shared = dir.resolve("shared");
    int[] ports = {freePort(), freePort(), freePort()};
    List<ChildServer> nodes = new ArrayList<>();
    java.util.concurrent.ExecutorService starting = java.util.concurrent.Executors.newFixedThreadPool(3);
    List<java.util.concurrent.Future<ChildServer>> started = new ArrayList<>();
    try {
      // the three JVMs start at once; the reference runs in this JVM meanwhile
      for (int k = 0; k < 3; k++) {
        int node = k;
        started.add(starting.submit(() -> ChildServer.start(dir.resolve("node" + node), shared, 256, Map.of(
            "ebmsim.cluster.enabled", "true", "ebmsim.cluster.port", ports[node],
            "ebmsim.cluster.seed-nodes.0", "127.0.0.1:" + ports[0], "ebmsim.cluster.checkpoint-every", 64,
            "ebmsim.cluster.resend-after", "300ms", "ebmsim.cluster.down-after", "1s",
            "ebmsim.cluster.heartbeat-pause", "1500ms", "ebmsim.server.shutdown-grace", "0s",
            "ebmsim.engine.blas-chains-per-group", BLAS_CHAINS), JVM)));
      }
      List<AnnealResult> references = singleNodeResults(dir.resolve("single"));
      AnnealResult reference = references.get(0);
      AnnealResult rbmReference = references.get(1);
      for (var f : started) {
        nodes.add(f.get(90, TimeUnit.SECONDS));
      }
      awaitMembersUp(nodes, 3);
      System.out.printf("reference and 3 nodes up: %.1f s%n", (System.nanoTime() - t0) / 1e9);
      ChildServer first = nodes.get(0);
      String modelId = ModelServiceGrpc.newBlockingStub(first.channel).createModel(model()).getId();
      String rbmId = ModelServiceGrpc.newBlockingStub(first.channel).createModel(rbm()).getId();
      for (ChildServer n : nodes) { // any node serves a model another node created (shared folder)
        assertEquals(modelId, ModelServiceGrpc.newBlockingStub(n.channel).getModel(
            org.ebmsim.proto.v1.GetModelRequest.newBuilder().setId(modelId).build()).getId());
      }
      // kill -9 a node hosting RBM groups: the survivors take them over from their checkpoints
      List<Rebalanced> moved = new ArrayList<>();
      List<ChildServer> ended = new ArrayList<>();
      Tempering tempering = new Tempering(first, rbmId);
      assertEquals(rbmReference, runThrough(first, rbmId, nodes.subList(1, 3), true, moved, ended, tempering),
          "RBM after kill -9: " + first.tail());
      System.out.printf("tempering session over the kill -9: groups resumed after sweeps %s%n",
          tempering.rebalances.stream().map(Rebalanced::getRestoredSweep).toList());
      assertFalse(tempering.rebalances.isEmpty(), "the tempering stream told of its moved groups");
      assertTrue(tempering.rebalances.stream().anyMatch(r -> r.getRestoredSweep() > 0),
          "tempering groups resumed from checkpoints: " + tempering.rebalances);
      System.out.printf("session over a kill -9: %.1f s; groups resumed after sweeps %s%n",
          (System.nanoTime() - t0) / 1e9, moved.stream().map(Rebalanced::getRestoredSweep).toList());
      assertFalse(moved.isEmpty(), "the stream told of the moved groups");
      assertTrue(moved.stream().allMatch(r -> r.getRestoredSweep() > 0 && r.getRestoredSweep() % 64 == 0),
          "groups resumed from checkpoints: " + moved);
      // SIGTERM the other one: it leaves, its groups are handed off
      ChildServer leaving = nodes.get(nodes.indexOf(ended.get(0)) == 1 ? 2 : 1);
      List<Rebalanced> handedOff = new ArrayList<>();
      assertEquals(reference, runThrough(first, modelId, List.of(leaving), false, handedOff, ended),
          "after SIGTERM: " + first.tail());
      System.out.printf("session over a SIGTERM: %.1f s%n", (System.nanoTime() - t0) / 1e9);
      assertFalse(handedOff.isEmpty(), "the stream told of the handed-off groups");
      assertFalse(GroupLock.sawContention(shared.resolve("cluster-checkpoints")),
          "a chain group found its lock held by another incarnation");
    } finally {
      starting.shutdown();
      for (var f : started) { // every node that started, even when another one did not
        try {
          f.get(90, TimeUnit.SECONDS).close();
        } catch (java.util.concurrent.ExecutionException e) {
          // this one never started: nothing to close
        }
      }
    }
  }

}
