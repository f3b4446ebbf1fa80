package org.ebmsim.actor.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.actor.cluster.CheckpointFolder;
import org.ebmsim.dynamics.RandomStreamState;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.TemperaturePlan;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.ChainSnapshot;
import org.ebmsim.session.ClampAt;
import org.ebmsim.session.ClampChange;
import org.ebmsim.session.GroupFinal;
import org.ebmsim.session.GroupOrders;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.InitialState;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain group rebuilt from its checkpoint (states and random streams), or from nothing, and
 * told the session's round replays to it and reports exactly what the group that never stopped
 * reported: same energies, flips, samples, best states and final window — with clamps ordered on
 * the way, and for a two-layer model that has no checkpoints.
 */
class ChainGroupRecoveryTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final EngineSettings SETTINGS = EngineSettings.defaults().withNativeBlas(false);
  private static final Schedule SCHEDULE = Schedule.geometric(2.5, 0.3, 4, 64); // 256 sweeps
  private static final ClampChange CLAMP = new ClampChange(0, new int[] {1, 4}, new double[] {1, -1});
  private static final ClampChange RELEASE = new ClampChange(0, new int[] {4}, null);

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  @Test
  void randomStreams_savedAndRestored_continueWithTheSameNumbers() {
    assertTrue(RandomStreamState.available(), "surefire opens java.util (pom argLine)");
    SplittableRandom[] streams = {new SplittableRandom(1), new SplittableRandom(2).split()};
    for (int k = 0; k < 17; k++) {
      streams[0].nextDouble();
      streams[1].nextInt(7);
    }
    long[] saved = RandomStreamState.save(streams);
    SplittableRandom[] copies = new SplittableRandom[2];
    RandomStreamState.restore(copies, saved);
    for (int k = 0; k < 1000; k++) {
      assertEquals(streams[0].nextLong(), copies[0].nextLong());
      assertEquals(streams[1].nextDouble(), copies[1].nextDouble());
    }
  }

  private record Run(List<String> reports, String last) {}

  /** The orders of the round starting at {@code from}: clamps at 64, a release at 128. */
  private static GroupOrders orders(long from) {
    List<ClampChange> clamps = from == 64 ? List.of(CLAMP) : from == 128 ? List.of(RELEASE) : List.of();
    return new GroupOrders(TemperaturePlan.of(SCHEDULE), clamps, new int[] {3, 21});
  }

  private static final List<ClampAt> CLAMP_LOG = List.of(new ClampAt(64, List.of(CLAMP)),
      new ClampAt(128, List.of(RELEASE)));

  private static String describe(GroupReport.Sweeps r) {
    StringBuilder b = new StringBuilder(r.sweep() + " " + Arrays.toString(r.energies()) + " " + r.flips() + " "
        + r.updates() + " " + r.lastSweepFlips());
    r.samples().forEach(s -> snapshot(b, s));
    snapshot(b, r.best());
    return b.toString();
  }

  private static String describe(GroupFinal f) {
    StringBuilder b = new StringBuilder(Arrays.toString(f.bestEnergies()) + Arrays.toString(f.finalEnergies())
        + f.averaged());
    f.windowSums().forEach(s -> b.append(Arrays.toString(s)));
    f.bestStates().forEach(s -> snapshot(b, s));
    f.finalStates().forEach(s -> snapshot(b, s));
    snapshot(b, f.best());
    return b.toString();
  }

  private static void snapshot(StringBuilder b, ChainSnapshot s) {
    b.append(" [").append(s.chain()).append(' ').append(s.energy());
    for (LayerBlock l : s.layers()) {
      b.append(l.isFloat() ? Arrays.toString(l.floats()) : Arrays.toString(l.bytes()));
    }
    b.append(']');
  }

  /** Runs the rounds starting at {@code firstRound} (64-sweep rounds to 256) and the finish. */
  private static Run run(EnergyModel m, CheckpointFolder folder, long firstRound, Path copyAfter64) throws Exception {
    return run(m, folder, firstRound, copyAfter64, 9);
  }

  private static Run run(EnergyModel m, CheckpointFolder folder, long firstRound, Path copyAfter64, long seed)
      throws Exception {
    ModelCache cache = new ModelCache();
    cache.pin(TestEnergyModels.ref(m), m);
    GroupSpec.Sampling spec = new GroupSpec.Sampling(0, TestEnergyModels.ref(m), 20, 24, seed, SamplerKind.METROPOLIS,
        new InitialState.Random(), 150);
    ActorRef<ChainGroup.Command> group = KIT.spawn(ChainGroup.create(spec, cache, SETTINGS,
        new GroupRecovery(folder.group(0), 64, CLAMP_LOG)));
    TestProbe<GroupReport> reports = KIT.createTestProbe();
    List<String> out = new ArrayList<>();
    for (long from = firstRound; from < 256; from += 64) {
      group.tell(new ChainGroup.Advance(from, from + 64, orders(from), reports.getRef()));
      out.add(describe((GroupReport.Sweeps) reports.receiveMessage(Duration.ofSeconds(30))));
      if (from == 64 && copyAfter64 != null) {
        Files.createDirectories(copyAfter64.getParent());
        if (Files.exists(folder.dir().resolve("group-0.ckpt"))) { // the checkpoint after 128 sweeps, if any
          Files.copy(folder.dir().resolve("group-0.ckpt"), copyAfter64);
        }
      }
    }
    TestProbe<GroupFinal> done = KIT.createTestProbe();
    group.tell(new ChainGroup.Finish(256, new int[] {20, 30, 43}, false, done.getRef()));
    String last = describe(done.receiveMessage(Duration.ofSeconds(30)));
    KIT.stop(group);
    return new Run(out, last);
  }

  @Test
  void rebuiltFromCheckpointOrFromNothing_reportsWhatTheUninterruptedGroupReported(@TempDir Path dir) throws Exception {
    EnergyModel hopfield = TestEnergyModels.hopfield(ChainGroupTest.ising(12, 8));
    EnergyModel boltzmann = TestEnergyModels.boltzmann(ChainGroupTest.ising(10, 9), 7); // two layers: no checkpoints
    for (EnergyModel m : List.of(hopfield, boltzmann)) {
      String name = m == hopfield ? "hopfield" : "boltzmann";
      Path after128 = dir.resolve(name + "-at128").resolve("group-0.ckpt");
      Run whole = run(m, CheckpointFolder.of(dir, name + "-whole"), 0, after128);
      assertEquals(4, whole.reports().size());
      Path again128 = dir.resolve(name + "-again").resolve("group-0.ckpt"); // kept for a second rebuild
      Files.createDirectories(again128.getParent());
      if (Files.exists(after128)) {
        Files.copy(after128, again128);
      }
      // from the checkpoint after 128 sweeps (hopfield) or from the start (boltzmann), told round 192..256
      Run resumed = run(m, CheckpointFolder.of(dir, name + "-at128"), 192, null);
      assertEquals(whole.reports().get(3), resumed.reports().get(0), name + ": the round after the checkpoint");
      assertEquals(whole.last(), resumed.last(), name + ": the final states, best states and window");
      // asked again for the rounds up to the checkpoint (answers lost with the old node): answered
      // from the reports the checkpoint kept (hopfield: the 4 latest) or by replaying (boltzmann)
      Run again = run(m, CheckpointFolder.of(dir, name + "-again"), 0, null);
      assertEquals(whole.reports(), again.reports(), name + ": the rounds up to the checkpoint, and on");
      assertEquals(whole.last(), again.last(), name);
      // from nothing: replays all 192 sweeps, the clamp at 64 and the release at 128 included
      Run fresh = run(m, CheckpointFolder.of(dir, name + "-none"), 128, null);
      assertEquals(whole.reports().subList(2, 4), fresh.reports(), name + ": from the start");
      assertEquals(whole.last(), fresh.last(), name);
      assertEquals(m == hopfield, Files.exists(after128), name + ": only one-layer Ising groups checkpoint");
      if (m == hopfield) {
        // the state does come from the checkpoint: another run's checkpoint gives other numbers
        Path other = dir.resolve("other-at128").resolve("group-0.ckpt");
        run(m, CheckpointFolder.of(dir, "other-whole"), 0, other, 10);
        Run foreign = run(m, CheckpointFolder.of(dir, "other-at128"), 192, null);
        assertTrue(!whole.reports().get(3).equals(foreign.reports().get(0)), "a foreign checkpoint changes the run");
      }
    }
  }
}
