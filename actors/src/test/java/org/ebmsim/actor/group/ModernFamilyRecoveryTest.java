package org.ebmsim.actor.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.actor.cluster.CheckpointFolder;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.TemperaturePlan;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.proto.v1.AttnBmSpec;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.ModernHopfieldSpec;
import org.ebmsim.proto.v1.VmfSpec;
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
 * The modern families' chain groups checkpoint and resume like the others
 * ({@link ChainGroupRecoveryTest} covers the rest): a modern Hopfield network (deterministic
 * attention updates, a cue clamped at sweep 64 and partly released at 128), an attention BM (exact
 * mixture draws at β/T = 1 and 2 alternating every 32 sweeps, the same clamps: conditional draws)
 * and a von Mises–Fisher model C (exact draws on the sphere along a falling ladder; directions have
 * no clamps). Each group, rebuilt from the checkpoint it wrote after 128 of 256 sweeps, reports what
 * the uninterrupted group reported — energies, flips, sampled and best states, then the final
 * states, best states and window — bit for bit, and so does a group rebuilt from nothing (replaying
 * from sweep 0). That the rebuilt group resumed from sweep 128 and not from 0 is shown by giving it
 * the checkpoint of a run with another seed: a group that replayed from 0 would ignore it and
 * report the uninterrupted run; it reports something else.
 */
class ModernFamilyRecoveryTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final EngineSettings SETTINGS = EngineSettings.defaults().withNativeBlas(false);

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  /**
   * A model, its sampler and schedule, and the clamps: units 1 and 4 of the only layer held at
   * {@code clampValues} from sweep 64, unit 4 released at 128 (null: no clamps).
   */
  private record Case(String name, EnergyModel model, SamplerKind sampler, Schedule schedule, double[] clampValues) {
    ClampChange clamp() {
      return new ClampChange(0, new int[] {1, 4}, clampValues);
    }

    ClampChange release() {
      return new ClampChange(0, new int[] {4}, null);
    }

    /** The orders of the round starting at {@code from}. */
    GroupOrders orders(long from) {
      List<ClampChange> clamps = clampValues == null ? List.of()
          : from == 64 ? List.of(clamp()) : from == 128 ? List.of(release()) : List.of();
      return new GroupOrders(TemperaturePlan.of(schedule), clamps, new int[] {3, 21});
    }

    List<ClampAt> clampLog() {
      return clampValues == null ? List.of()
          : List.of(new ClampAt(64, List.of(clamp())), new ClampAt(128, List.of(release())));
    }
  }

  private record Run(List<String> reports, String last) {}

  /**
   * Runs the 64-sweep rounds from {@code firstRound} to 256 and the finish (20 chains from chain 24,
   * checkpoints every 64 sweeps); with {@code copyAfter128}, the checkpoint there after round 64..128.
   */
  private static Run run(Case k, CheckpointFolder folder, long firstRound, Path copyAfter128, long seed)
      throws Exception {
    ModelCache cache = new ModelCache();
    cache.pin(TestEnergyModels.ref(k.model()), k.model());
    GroupSpec.Sampling spec = new GroupSpec.Sampling(0, TestEnergyModels.ref(k.model()), 20, 24, seed, k.sampler(),
        new InitialState.Random(), 150);
    ActorRef<ChainGroup.Command> group = KIT.spawn(ChainGroup.create(spec, cache, SETTINGS,
        new GroupRecovery(folder.group(0), 64, k.clampLog())));
    TestProbe<GroupReport> reports = KIT.createTestProbe();
    List<String> out = new ArrayList<>();
    for (long from = firstRound; from < 256; from += 64) {
      group.tell(new ChainGroup.Advance(from, from + 64, k.orders(from), reports.getRef()));
      out.add(ChainGroupRecoveryTest.describe((GroupReport.Sweeps) reports.receiveMessage(Duration.ofSeconds(30))));
      if (from == 64 && copyAfter128 != null) {
        Files.createDirectories(copyAfter128.getParent());
        if (Files.exists(folder.dir().resolve("group-0.ckpt"))) { // none: the kernel does not checkpoint
          Files.copy(folder.dir().resolve("group-0.ckpt"), copyAfter128);
        }
      }
    }
    TestProbe<GroupFinal> done = KIT.createTestProbe();
    group.tell(new ChainGroup.Finish(256, new int[] {20, 30, 43}, false, done.getRef()));
    String last = ChainGroupRecoveryTest.describe(done.receiveMessage(Duration.ofSeconds(30)));
    KIT.stop(group);
    return new Run(out, last);
  }

  private static Matrix gaussian(int rows, int cols, long seed) {
    java.util.Random r = new java.util.Random(seed);
    Matrix.Builder m = Matrix.newBuilder().setRows(rows).setCols(cols);
    for (int k = 0; k < rows * cols; k++) {
      m.addValues(r.nextGaussian());
    }
    return m.build();
  }

  /** Units 1 and 4 of the first pattern: a cue at the memories' scale. */
  private static double[] cueOf(Matrix patterns) {
    return new double[] {patterns.getValues(1), patterns.getValues(4)};
  }

  private static final CreateContext LIMITS = CreateContext.of(100, 100);

  /** Deterministic attention updates (the temperature is not used), from N(0, 1) starts. */
  @Test
  void modernHopfieldGroup_resumesFromItsCheckpoint(@TempDir Path dir) throws Exception {
    Matrix patterns = gaussian(5, 12, 1);
    EnergyModel hopfield = new org.ebmsim.family.modernhopfield.ModernHopfieldFamily().create(
        ModernHopfieldSpec.newBuilder().setPatterns(patterns).setInverseTemperature(0.5).build(), LIMITS).model();
    check(new Case("modern-hopfield", hopfield, SamplerKind.DETERMINISTIC, Schedule.constant(1, 256),
        cueOf(patterns)), dir);
  }

  /** Exact draws; β/T must be a positive integer: T = 2 and 1 (β/T = 1, 2), the law changing mid-round. */
  @Test
  void attentionBmGroup_resumesFromItsCheckpoint(@TempDir Path dir) throws Exception {
    Matrix patterns = gaussian(3, 6, 2);
    EnergyModel attnbm = new org.ebmsim.family.attnbm.AttnBmFamily().create(
        AttnBmSpec.newBuilder().setPatterns(patterns).setInverseTemperature(2).build(), LIMITS).model();
    check(new Case("attnbm", attnbm, SamplerKind.GIBBS, Schedule.explicit(new double[] {2, 1, 2, 1, 2, 1, 2, 1}, 32),
        cueOf(patterns)), dir);
  }

  /** Exact draws on the sphere along a falling ladder (a new law every 32 sweeps); directions take no clamps. */
  @Test
  void vonMisesFisherGroup_resumesFromItsCheckpoint(@TempDir Path dir) throws Exception {
    EnergyModel vmf = new org.ebmsim.family.vmf.VmfFamily().create(
        VmfSpec.newBuilder().setPatterns(gaussian(3, 5, 3)).setInverseTemperature(1.5).build(), LIMITS).model();
    check(new Case("vmf", vmf, SamplerKind.GIBBS, Schedule.explicit(new double[] {3, 2, 1.5, 1, 0.8, 0.6, 0.4, 0.3},
        32), null), dir);
  }

  /**
   * The group of {@code k} rebuilt from its checkpoint after 128 sweeps (or from nothing) reports
   * what the uninterrupted group reported, and a checkpoint of another seed changes its reports.
   */
  private static void check(Case k, Path dir) throws Exception {
    String name = k.name();
    Path after128 = dir.resolve(name + "-at128").resolve("group-0.ckpt");
    Run whole = run(k, CheckpointFolder.of(dir, name + "-whole"), 0, after128, 9);
    assertEquals(4, whole.reports().size());
    assertTrue(Files.exists(after128), name + ": the group checkpoints");
    assertEquals(128, CheckpointFolder.of(dir, name + "-at128").checkpointSweep(0), name + ": after 128 sweeps");
    Path again128 = dir.resolve(name + "-again").resolve("group-0.ckpt");
    Files.createDirectories(again128.getParent());
    Files.copy(after128, again128);

    // from the checkpoint after 128 sweeps, told round 192..256 (it replays 128..192 unreported)
    Run resumed = run(k, CheckpointFolder.of(dir, name + "-at128"), 192, null, 9);
    assertEquals(whole.reports().get(3), resumed.reports().get(0), name + ": the round after the checkpoint");
    assertEquals(whole.last(), resumed.last(), name + ": the final states, best states and window");
    // asked again for every round (answers lost with the old node): the ones up to the checkpoint
    // from the reports it kept, the others swept
    Run again = run(k, CheckpointFolder.of(dir, name + "-again"), 0, null, 9);
    assertEquals(whole.reports(), again.reports(), name + ": the rounds up to the checkpoint, and on");
    assertEquals(whole.last(), again.last(), name);
    // from nothing: replays 192 sweeps, the clamps at 64 and 128 included
    Run fresh = run(k, CheckpointFolder.of(dir, name + "-none"), 128, null, 9);
    assertEquals(whole.reports().subList(2, 4), fresh.reports(), name + ": from the start");
    assertEquals(whole.last(), fresh.last(), name);

    // resumed from sweep 128, not 0: another seed's checkpoint (its states, and streams) changes the run
    Path other = dir.resolve(name + "-other-at128").resolve("group-0.ckpt");
    run(k, CheckpointFolder.of(dir, name + "-other-whole"), 0, other, 10);
    Run foreign = run(k, CheckpointFolder.of(dir, name + "-other-at128"), 192, null, 9);
    assertNotEquals(whole.reports().get(3), foreign.reports().get(0), name + ": a foreign checkpoint changes the run");
    assertNotEquals(whole.last(), foreign.last(), name);
  }
}
