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
 * A chain group rebuilt from its checkpoint (every layer's states and random streams), or from
 * nothing, and told the session's round replays to it and reports exactly what the group that
 * never stopped reported: same energies, flips, samples, best states and final window — with
 * clamps ordered on the way — for every kind of sampling kernel: one-layer Ising (Hopfield), a
 * Boltzmann machine with hidden units (incremental partner fields), an RBM (block Gibbs, GEMM), a
 * deep Boltzmann machine, a dense associative memory, a sparse Boltzmann machine (chromatic
 * sweeps), a ±J lattice sampled 64 chains a word (multi-spin Metropolis) and a harmonium (the modern
 * families: {@link ModernFamilyRecoveryTest}). An AIS group checkpointed mid-schedule and rebuilt reaches the same log-weights bit
 * for bit.
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

  static String describe(GroupReport.Sweeps r) {
    StringBuilder b = new StringBuilder(r.sweep() + " " + Arrays.toString(r.energies()) + " " + r.flips() + " "
        + r.updates() + " " + r.lastSweepFlips());
    r.samples().forEach(s -> snapshot(b, s));
    snapshot(b, r.best());
    return b.toString();
  }

  static String describe(GroupFinal f) {
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
    SamplerKind kind = SAMPLERS.containsKey(m) ? SAMPLERS.get(m)
        : m.sampling().samplers().contains(SamplerKind.METROPOLIS) ? SamplerKind.METROPOLIS : SamplerKind.GIBBS;
    GroupSpec.Sampling spec = new GroupSpec.Sampling(0, TestEnergyModels.ref(m), 20, 24, seed, kind,
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

  /** Samplers other than the default (Metropolis where offered, else Gibbs), by model. */
  private static final java.util.Map<EnergyModel, SamplerKind> SAMPLERS = new java.util.IdentityHashMap<>();

  /** A ±J 4 × 4 lattice with 12 visible and 4 hidden spins (0 visible: all visible, one layer). */
  private static EnergyModel sparseBoltzmann(int visible) {
    org.ebmsim.proto.v1.SparseSpec.Builder spec = org.ebmsim.proto.v1.SparseSpec.newBuilder()
        .setLattice(org.ebmsim.proto.v1.SparseLattice.newBuilder().setDimensions(2).setSide(4)
            .setLaw(org.ebmsim.proto.v1.SparseCouplingLaw.PLUS_MINUS_ONE).setSeed(11))
        .setUnitValues(org.ebmsim.proto.v1.SparseUnits.SPARSE_SPIN).setVisibleUnits(visible);
    return new org.ebmsim.family.sparse.SparseFamily().create(spec.build(),
        org.ebmsim.family.CreateContext.of(1 << 16, 1 << 16)).model();
  }

  private static EnergyModel spinRbm(long seed) {
    java.util.Random r = new java.util.Random(seed);
    double[] w = new double[9 * 6];
    for (int k = 0; k < w.length; k++) {
      w[k] = 0.5 * r.nextGaussian();
    }
    return TestEnergyModels.rbm(org.ebmsim.dynamics.rbm.SpinRbm.of(9, 6, w, null, null));
  }

  private static EnergyModel denseMemory(long seed) {
    java.util.Random r = new java.util.Random(seed);
    byte[] patterns = new byte[3 * 14];
    for (int k = 0; k < patterns.length; k++) {
      patterns[k] = (byte) (r.nextBoolean() ? 1 : -1);
    }
    return TestEnergyModels.denseMemory(3, 14, patterns, 3);
  }

  /** A model-B harmonium: 10 ±1 visible units, 3 continuous hidden units (log-cosh potential). */
  private static EnergyModel harmonium(long seed) {
    java.util.Random r = new java.util.Random(seed);
    org.ebmsim.proto.v1.Matrix.Builder m = org.ebmsim.proto.v1.Matrix.newBuilder().setRows(3).setCols(10);
    for (int k = 0; k < 30; k++) {
      m.addValues(0.5 * r.nextGaussian());
    }
    return new org.ebmsim.family.harmonium.HarmoniumFamily().create(org.ebmsim.proto.v1.HarmoniumSpec.newBuilder()
        .setPatterns(m).setInverseTemperature(0.8)
        .setPotential(org.ebmsim.proto.v1.HarmoniumPotential.HARMONIUM_LOG_COSH).setPotentialParameter(0.5).build(),
        org.ebmsim.family.CreateContext.of(100, 100)).model();
  }

  @Test
  void rebuiltFromCheckpointOrFromNothing_reportsWhatTheUninterruptedGroupReported(@TempDir Path dir) throws Exception {
    EnergyModel hopfield = TestEnergyModels.hopfield(ChainGroupTest.ising(12, 8));
    java.util.Map<String, EnergyModel> models = new java.util.LinkedHashMap<>();
    models.put("hopfield", hopfield);
    models.put("boltzmann", TestEnergyModels.boltzmann(ChainGroupTest.ising(10, 9), 7));
    models.put("rbm", spinRbm(5));
    models.put("dbm", TestEnergyModels.dbm(ChainGroupTest.dbm(6)));
    models.put("dense", denseMemory(7));
    models.put("sparse", sparseBoltzmann(12));
    EnergyModel lattice = sparseBoltzmann(0);
    SAMPLERS.put(lattice, SamplerKind.METROPOLIS_MULTISPIN); // 64 chains a word, counter-based random bits
    models.put("multispin", lattice);
    models.put("harmonium", harmonium(3));
    for (var named : models.entrySet()) {
      String name = named.getKey();
      EnergyModel m = named.getValue();
      Path after128 = dir.resolve(name + "-at128").resolve("group-0.ckpt");
      Run whole = run(m, CheckpointFolder.of(dir, name + "-whole"), 0, after128);
      assertEquals(4, whole.reports().size());
      Path again128 = dir.resolve(name + "-again").resolve("group-0.ckpt"); // kept for a second rebuild
      Files.createDirectories(again128.getParent());
      if (Files.exists(after128)) {
        Files.copy(after128, again128);
      }
      assertTrue(Files.exists(after128), name + ": every sampling kernel checkpoints");
      // from the checkpoint after 128 sweeps, told round 192..256
      Run resumed = run(m, CheckpointFolder.of(dir, name + "-at128"), 192, null);
      assertEquals(whole.reports().get(3), resumed.reports().get(0), name + ": the round after the checkpoint");
      assertEquals(whole.last(), resumed.last(), name + ": the final states, best states and window");
      // asked again for the rounds up to the checkpoint (answers lost with the old node): answered
      // from the reports the checkpoint kept (the 4 latest)
      Run again = run(m, CheckpointFolder.of(dir, name + "-again"), 0, null);
      assertEquals(whole.reports(), again.reports(), name + ": the rounds up to the checkpoint, and on");
      assertEquals(whole.last(), again.last(), name);
      // from nothing: replays all 192 sweeps, the clamp at 64 and the release at 128 included
      Run fresh = run(m, CheckpointFolder.of(dir, name + "-none"), 128, null);
      assertEquals(whole.reports().subList(2, 4), fresh.reports(), name + ": from the start");
      assertEquals(whole.last(), fresh.last(), name);
      if (m == hopfield || name.equals("rbm") || name.equals("harmonium")) {
        // the state does come from the checkpoint: another run's checkpoint gives other numbers
        Path other = dir.resolve(name + "-other-at128").resolve("group-0.ckpt");
        run(m, CheckpointFolder.of(dir, name + "-other-whole"), 0, other, 10);
        Run foreign = run(m, CheckpointFolder.of(dir, name + "-other-at128"), 192, null);
        assertTrue(!whole.reports().get(3).equals(foreign.reports().get(0)), "a foreign checkpoint changes the run");
      }
    }
  }

  /** Runs an AIS group (with checkpoints every 10 temperatures) through the given steps; the log-weights of each report. */
  private static List<double[]> ais(EnergyModel m, CheckpointFolder folder, long seed, int... steps) {
    ModelCache cache = new ModelCache();
    cache.pin(TestEnergyModels.ref(m), m);
    org.ebmsim.family.AisSupport.AisPathSpec path = m.ais().orElseThrow()
        .pathSpec(org.ebmsim.family.AisSupport.Base.DEFAULT, null);
    double[] betas = org.ebmsim.dynamics.ais.AisSchedule.uniform(60).betas();
    ActorRef<ChainGroup.Command> group = KIT.spawn(AisChainGroup.create(new GroupSpec.Ais(0, TestEnergyModels.ref(m),
        false, 20, 12, seed, path, betas, null), cache, SETTINGS, new GroupRecovery(folder.group(0), 10, List.of())));
    TestProbe<GroupReport> reports = KIT.createTestProbe();
    List<double[]> out = new ArrayList<>();
    for (int step : steps) {
      group.tell(new ChainGroup.Advance(step, null, reports.getRef()));
      GroupReport.AisSteps r = (GroupReport.AisSteps) reports.receiveMessage(Duration.ofSeconds(30));
      assertEquals(step, r.step());
      out.add(r.logWeights());
    }
    KIT.stop(group);
    return out;
  }

  @Test
  void aisGroup_rebuiltFromItsCheckpoint_reachesTheSameLogWeightsBitForBit(@TempDir Path dir) throws Exception {
    java.util.Random r = new java.util.Random(3);
    double[] w = new double[8 * 5];
    for (int k = 0; k < w.length; k++) {
      w[k] = 0.5 * r.nextGaussian();
    }
    EnergyModel binary = TestEnergyModels.rbm(org.ebmsim.dynamics.rbm.BinaryRbm.of(8, 5, w, null, null));
    EnergyModel gaussian = TestEnergyModels.rbm(ChainGroupTest.rbm(8, 5, 4)); // binary–Gaussian: continuous states
    for (EnergyModel m : List.of(binary, gaussian)) {
      String name = m == binary ? "binary" : "gaussian";
      CheckpointFolder whole = CheckpointFolder.of(dir, name + "-whole");
      List<double[]> uninterrupted = ais(m, whole, 9, 15, 30, 60);
      // the checkpoint after 30 temperatures, taken from a copy of the folder
      CheckpointFolder at30 = CheckpointFolder.of(dir, name + "-at30");
      ais(m, at30, 9, 15, 30);
      assertEquals(30, at30.checkpointSweep(0), name + ": checkpointed at the report after 30 temperatures");
      List<double[]> resumed = ais(m, at30, 9, 30, 60);
      for (int k = 0; k < 2; k++) {
        double[] a = uninterrupted.get(k + 1);
        double[] b = resumed.get(k);
        for (int c = 0; c < a.length; c++) {
          assertEquals(Double.doubleToRawLongBits(a[c]), Double.doubleToRawLongBits(b[c]),
              name + ": chain " + c + " at report " + (k + 1));
        }
      }
      // rebuilt again from the checkpoint after 30, told the round 45..60 before the round 30..45 (whose
      // order was lost in a hand-off and comes again later): it reports 45 on its way, then 60, and
      // answers the late order from that report
      CheckpointFolder late = CheckpointFolder.of(dir, name + "-late");
      ais(m, late, 9, 15, 30);
      List<double[]> reference = ais(m, CheckpointFolder.of(dir, name + "-steps"), 9, 15, 30, 45, 60);
      ModelCache cache = new ModelCache();
      cache.pin(TestEnergyModels.ref(m), m);
      ActorRef<ChainGroup.Command> group = KIT.spawn(AisChainGroup.create(new GroupSpec.Ais(0,
          TestEnergyModels.ref(m), false, 20, 12, 9, m.ais().orElseThrow().pathSpec(
          org.ebmsim.family.AisSupport.Base.DEFAULT, null), org.ebmsim.dynamics.ais.AisSchedule.uniform(60).betas(),
          null), cache, SETTINGS, new GroupRecovery(late.group(0), 10, List.of())));
      TestProbe<GroupReport> probe = KIT.createTestProbe();
      group.tell(new ChainGroup.Advance(45, 60, null, probe.getRef()));
      GroupReport.AisSteps at45 = (GroupReport.AisSteps) probe.receiveMessage(Duration.ofSeconds(30));
      GroupReport.AisSteps at60 = (GroupReport.AisSteps) probe.receiveMessage(Duration.ofSeconds(30));
      group.tell(new ChainGroup.Advance(30, 45, null, probe.getRef()));
      GroupReport.AisSteps again45 = (GroupReport.AisSteps) probe.receiveMessage(Duration.ofSeconds(30));
      assertEquals(List.of(45, 60, 45), List.of(at45.step(), at60.step(), again45.step()), name);
      assertTrue(Arrays.equals(reference.get(2), at45.logWeights()) && Arrays.equals(reference.get(3),
          at60.logWeights()) && Arrays.equals(reference.get(2), again45.logWeights()), name);
      KIT.stop(group);
      // the rebuilt group did start from the checkpoint: another seed's checkpoint gives other weights
      CheckpointFolder foreign = CheckpointFolder.of(dir, name + "-foreign");
      ais(m, foreign, 10, 15, 30);
      double[] fromForeign = ais(m, foreign, 9, 60).get(0);
      assertTrue(!Arrays.equals(uninterrupted.get(2), fromForeign), name + ": a foreign checkpoint changes the weights");
    }
  }
}
