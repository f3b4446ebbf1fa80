package org.ebmsim.actor.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.tempering.SwapScheme;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.TemperingCoordinator;
import org.ebmsim.stream.LaunchedSession;
import org.ebmsim.stream.SimulationEngine;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parallel-tempering sessions are sharded like any sampling session and stay exact: a seeded
 * tempering session (Hopfield network, heat-bath Gibbs, 4 groups of 12 chains) gives the same
 * events and result — samples and final states per temperature, per-pair acceptance, rejection
 * rates, Λ, round trips, energies per level — with no cluster and on a 2-node cluster whose nodes
 * both run its groups (sessions run until one's groups ran on both); and when the other node leaves mid-run, its groups resume on the session's
 * node from their checkpoints (after a sweep count > 0 that is a multiple of the Ising kernels'
 * 64), replaying the rounds since at the temperatures the swaps had given them, and the session
 * ends with the same bits and a {@code rebalanced} event per moved group.
 *
 * <p>The swap interval (3 sweeps) is chosen so that round ends and checkpoints (multiples of 64
 * sweeps, where Ising kernels resume exactly) do not coincide with report boundaries: a rebuilt
 * group replays several rounds, each at its own temperatures.
 */
class ClusterTemperingTest {
  private static final EngineSettings SETTINGS = EngineSettings.defaults().withNativeBlas(false)
      .withSizing(new GroupSizing(12, 8, 100, 40));
  private static final int LEVELS = 6;
  private static final int LADDERS = 8;
  private static final long SWEEPS = 900;

  private static TemperingCoordinator tempering(EnergyModel m) {
    return tempering(m, LADDERS, SWEEPS, 3);
  }

  private static TemperingCoordinator tempering(EnergyModel m, int ladders, long sweeps, int swapInterval) {
    double[] ladder = new double[LEVELS];
    for (int k = 0; k < LEVELS; k++) {
      ladder[k] = 0.4 * Math.pow(3.0 / 0.4, (double) k / (LEVELS - 1));
    }
    return new TemperingCoordinator(new TemperingCoordinator.Request(TestEnergyModels.ref(m), m.sampling(), ladder,
        ladders, sweeps, swapInterval, SwapScheme.NON_REVERSIBLE, 99, SamplerKind.GIBBS, null, 50, 2, ladders, 0, 0,
        false));
  }

  private static String fingerprint(List<SessionEvent> events) {
    assertTrue(events.get(events.size() - 1) instanceof SessionEvent.TemperResult, "ended with its result: "
        + events.get(events.size() - 1));
    return SessionFingerprints.of(events.stream().filter(e -> !(e instanceof SessionEvent.Paused
        || e instanceof SessionEvent.Resumed)).toList());
  }

  @Test
  void temperingSession_spreadOverTwoNodes_andSurvivingALeave_sameBitsAsOneNode(@TempDir Path dir)
      throws Exception {
    EnergyModel hopfield = TestEnergyModels.hopfield(GroupProtocolSerializationTest.randomIsing(24, 5));
    String reference;
    ActorTestKit kit = ActorTestKit.create();
    try {
      SimulationEngine local = new SimulationEngine(kit.system(), SETTINGS);
      reference = fingerprint(EngineRuns.run(local, tempering(hopfield), hopfield, kit.system()));
    } finally {
      kit.shutdownTestKit();
    }
    try (ClusterNodes cluster = new ClusterNodes(dir.resolve("checkpoints"), SETTINGS)) {
      cluster.store(TestEnergyModels.ref(hopfield), hopfield);
      ClusterNodes.Node first = cluster.add();
      ClusterNodes.Node second = cluster.add();
      // the session's 4 groups live in shards 0-3 (GroupShards); sharding may put them all on the
      // first node while the second's shard region registers, and the rebalancer (every second
      // here) then moves some to it: run until a session's groups ran on both nodes (each run gives
      // the same bits, however they were placed or moved)
      ClusterNodes.runUntilBothNodesRan(first, second, reference,
          () -> fingerprint(EngineRuns.run(first.engine(), tempering(hopfield), hopfield, first.system())));

      // the same session again (same shards, same nodes), paused past a checkpoint; the second node leaves
      LaunchedSession s = first.engine().start(tempering(hopfield), hopfield, false, 8);
      List<SessionEvent> events = new CopyOnWriteArrayList<>();
      CompletableFuture<CompletableFuture<Void>> pausing = new CompletableFuture<>();
      CompletableFuture<?> done = s.events().runWith(Sink.foreach(e -> {
        events.add(e);
        if (e instanceof SessionEvent.TemperProgress p && p.sweep() >= 300 && !pausing.isDone()) {
          // told before this event is acknowledged: the session (one round ahead at most) stops at the next round
          pausing.complete(s.record().control().pause().toCompletableFuture());
        }
      }), first.system()).toCompletableFuture();
      pausing.get(60, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS); // answered once paused
      second.system().terminate(); // leaves the cluster: its shards are handed off to the first node
      second.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      s.record().control().resume().toCompletableFuture().get(30, TimeUnit.SECONDS);
      done.get(120, TimeUnit.SECONDS);
      assertEquals(reference, fingerprint(events), "tempering over a leaving node");
      List<SessionEvent.Rebalanced> moved = events.stream().filter(e -> e instanceof SessionEvent.Rebalanced)
          .map(e -> (SessionEvent.Rebalanced) e).toList();
      assertFalse(moved.isEmpty(), "the stream told of the moved groups");
      // (a group the rebalancer moved before its first checkpoint restarts from 0, as it should)
      assertTrue(moved.stream().anyMatch(r -> r.restoredSweep() > 0), "groups resumed from checkpoints: " + moved);
      assertTrue(moved.stream().allMatch(r -> r.restoredSweep() % 64 == 0),
          "checkpoints only where Ising kernels resume exactly (multiples of 64 sweeps): " + moved);
      assertFalse(GroupLock.sawContention(dir.resolve("checkpoints")),
          "a chain group found its lock held by another incarnation");
    }
  }

  /**
   * A session whose groups' slices of the round log could outgrow the transport's frame (swaps every
   * sweep, 48 chains per group, a 32 KiB frame) keeps its groups on its node: sent to another
   * node, an order with its log would be dropped and the session would wait forever. Same bits as
   * without a cluster, and neither node hosts a sharded group.
   */
  @Test
  void temperingSession_whoseLogCouldOutgrowTheFrame_staysOnItsNode(@TempDir Path dir) throws Exception {
    EngineSettings wide = SETTINGS.withSizing(new GroupSizing(48, 8, 100, 40));
    EnergyModel hopfield = TestEnergyModels.hopfield(GroupProtocolSerializationTest.randomIsing(24, 5));
    String reference;
    String fitting; // swaps every 64 sweeps: a log of a few rounds, well inside the frame
    ActorTestKit kit = ActorTestKit.create();
    try {
      SimulationEngine local = new SimulationEngine(kit.system(), wide);
      reference = fingerprint(EngineRuns.run(local, tempering(hopfield, 16, 200, 1), hopfield, kit.system()));
      fitting = fingerprint(EngineRuns.run(local, tempering(hopfield, 16, 200, 64), hopfield, kit.system()));
    } finally {
      kit.shutdownTestKit();
    }
    try (ClusterNodes cluster = new ClusterNodes(dir.resolve("checkpoints"), wide,
        "pekko.remote.artery.advanced.maximum-frame-size = 32KiB")) {
      cluster.store(TestEnergyModels.ref(hopfield), hopfield);
      ClusterNodes.Node first = cluster.add();
      ClusterNodes.Node second = cluster.add();
      assertEquals(reference, fingerprint(EngineRuns.run(first.engine(), tempering(hopfield, 16, 200, 1), hopfield,
          first.system())), "the same bits as without a cluster");
      assertEquals(0, first.groups().groupsStarted() + second.groups().groupsStarted(),
          "no group was sharded: the session kept its groups");
      // and the guard is the frame's: the same session with swaps every 64 sweeps spreads
      assertEquals(fitting, fingerprint(EngineRuns.run(first.engine(), tempering(hopfield, 16, 200, 64), hopfield,
          first.system())), "swaps every 64 sweeps: the same bits sharded");
      assertTrue(first.groups().groupsStarted() + second.groups().groupsStarted() > 0,
          "with a log that fits, the groups were sharded");
    }
  }
}
