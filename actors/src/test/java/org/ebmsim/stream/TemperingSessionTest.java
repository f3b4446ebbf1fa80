package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.ChiSquare;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.tempering.SwapScheme;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.ChainSnapshot;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SteerCommand;
import org.ebmsim.session.TemperingCoordinator;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Parallel tempering sessions through the engine, against ground truth: exact enumeration at every
 * temperature (chi-square), mode visits on a bimodal model, the non-reversible scheme's round trips,
 * the adaptive ladder, and bit-identical events for any grouping.
 */
class TemperingSessionTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  /**
   * Per-temperature chi-square tolerance: with 22 such tests in this class, a false alarm has odds
   * ~2e-3 (and the seeds are fixed, so a passing run passes every time).
   */
  private static final double MIN_P = 1e-4;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static List<SessionEvent> run(TemperingCoordinator c, EnergyModel m, int chainsPerGroup, int maxGroups)
      throws Exception {
    SimulationEngine engine = new SimulationEngine(KIT.system(), EngineSettings.defaults()
        .withSizing(new GroupSizing(chainsPerGroup, maxGroups, 64, 100)));
    return EngineRuns.data(EngineRuns.run(engine, c, m, KIT.system()));
  }

  static TemperingCoordinator.Request request(EnergyModel m, double[] temperatures, int ladders, long sweeps,
      int swapInterval, SwapScheme scheme, long seed, LayerBlock[] initial, long reportEvery, int sampleLadders,
      int resultLadders, long burnIn, int tuningRounds) {
    return new TemperingCoordinator.Request(TestEnergyModels.ref(m), m.sampling(), temperatures, ladders, sweeps,
        swapInterval, scheme, seed, SamplerKind.GIBBS, initial, reportEvery, sampleLadders, resultLadders, burnIn,
        tuningRounds, false);
  }

  private static double[] geometric(double tMin, double tMax, int k) {
    double[] t = new double[k];
    for (int i = 0; i < k; i++) {
      t[i] = tMin * Math.pow(tMax / tMin, (double) i / (k - 1));
    }
    t[0] = tMin;
    t[k - 1] = tMax;
    return t;
  }

  /** An SK-like spin glass: W_ij = ±1/√N at random, zero diagonal, small random fields. */
  private static IsingModel spinGlass(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double v = (r.nextBoolean() ? 1 : -1) / Math.sqrt(n);
        w[i * n + j] = v;
        w[j * n + i] = v;
      }
    }
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = 0.1 * r.nextGaussian();
    }
    return IsingModel.of(n, w, b);
  }

  /** Index of a chain state over all its layers: bit u is set when unit u (layers in order) is at its high value. */
  private static int index(ChainSnapshot s) {
    int idx = 0;
    int bit = 0;
    for (LayerBlock b : s.layers()) {
      for (int u = 0; u < b.units(); u++) {
        if (b.get(0, u) > 0) {
          idx |= 1 << bit;
        }
        bit++;
      }
    }
    return idx;
  }

  /**
   * Chi-square of the final states at every level against {@code p_T(x) ∝ exp(−E(x)/T)} over all
   * {@code 2^units} joint states; fails if any level's p-value is below {@link #MIN_P}.
   */
  private static void assertMatchesEnumeration(SessionEvent.TemperResult r, int units,
      ToDoubleFunction<Integer> energyOfIndex) {
    int states = 1 << units;
    double[] energy = new double[states];
    for (int x = 0; x < states; x++) {
      energy[x] = energyOfIndex.applyAsDouble(x);
    }
    List<String> results = new ArrayList<>();
    for (int k = 0; k < r.temperatures().length; k++) {
      double t = r.temperatures()[k];
      double min = Arrays.stream(energy).min().orElseThrow();
      double[] p = new double[states];
      double z = 0;
      for (int x = 0; x < states; x++) {
        p[x] = Math.exp(-(energy[x] - min) / t);
        z += p[x];
      }
      for (int x = 0; x < states; x++) {
        p[x] /= z;
      }
      long[] observed = new long[states];
      long n = 0;
      for (int i = 0; i < r.states().size(); i++) {
        if (r.stateLevels()[i] == k) {
          observed[index(r.states().get(i))]++;
          n++;
        }
      }
      assertEquals(r.ladders(), n, "one state per ladder at level " + k);
      ChiSquare.Result chi = ChiSquare.test(observed, p);
      results.add("T=" + t + ": " + chi);
      assertTrue(chi.pValue() > MIN_P, "level " + k + " (T = " + t + ") does not match enumeration: " + results);
    }
  }

  @Test
  void spinGlass_samplesAtEveryTemperature_matchExactEnumeration() throws Exception {
    int n = 8;
    IsingModel ising = spinGlass(n, 21);
    EnergyModel m = TestEnergyModels.hopfield(ising);
    int ladders = 2000;
    TemperingCoordinator c = new TemperingCoordinator(request(m, geometric(0.3, 2.0, 4), ladders, 200, 1,
        SwapScheme.NON_REVERSIBLE, 5, null, 50, 0, ladders, 0, 0));
    SessionEvent.TemperResult r = EngineRuns.last(run(c, m, 256, 64));
    assertMatchesEnumeration(r, n, x -> {
      byte[] s = new byte[n];
      for (int i = 0; i < n; i++) {
        s[i] = (byte) (((x >> i) & 1) == 1 ? 1 : -1);
      }
      return ising.energy(s);
    });
    assertTrue(r.swapRounds() == 199, "a swap round after every sweep but the last: " + r.swapRounds());
  }

  /**
   * The sparse family (chromatic Gibbs on a ±J lattice, 9 spins: odd cycles, three colours) and a
   * sparse Boltzmann machine with hidden units (joint states of visible and hidden units).
   */
  @Test
  void sparseLatticeAndSparseBoltzmannMachine_samplesAtEveryTemperature_matchExactEnumeration() throws Exception {
    for (int visible : new int[] {0, 5}) {
      org.ebmsim.proto.v1.SparseSpec.Builder spec = org.ebmsim.proto.v1.SparseSpec.newBuilder()
          .setLattice(org.ebmsim.proto.v1.SparseLattice.newBuilder().setDimensions(2).setSide(3)
              .setLaw(org.ebmsim.proto.v1.SparseCouplingLaw.PLUS_MINUS_ONE).setSeed(11))
          .setUnitValues(org.ebmsim.proto.v1.SparseUnits.SPARSE_SPIN).setVisibleUnits(visible);
      double[] bias = {0.3, -0.2, 0.1, 0, 0.25, -0.15, 0.05, 0.2, -0.1};
      for (double b : bias) {
        spec.addBias(b);
      }
      EnergyModel m = new org.ebmsim.family.sparse.SparseFamily().create(spec.build(),
          org.ebmsim.family.CreateContext.of(1 << 16, 1 << 16)).model();
      org.ebmsim.dynamics.sparse.SparseNetwork net = new org.ebmsim.dynamics.sparse.SparseNetwork(
          org.ebmsim.dynamics.sparse.SparseGraphs.withLaw(org.ebmsim.dynamics.sparse.SparseGraphs.lattice(2, 3),
              org.ebmsim.dynamics.sparse.CouplingLaw.PLUS_MINUS_ONE, 11), bias,
          org.ebmsim.dynamics.state.ValueType.SPIN, visible == 0 ? 9 : visible);
      int ladders = 2000;
      TemperingCoordinator c = new TemperingCoordinator(request(m, geometric(0.6, 3.0, 4), ladders, 200, 1,
          SwapScheme.NON_REVERSIBLE, 8, null, 50, 0, ladders, 0, 0));
      SessionEvent.TemperResult r = EngineRuns.last(run(c, m, 256, 64));
      assertMatchesEnumeration(r, 9, x -> {
        byte[] s = new byte[9];
        for (int i = 0; i < 9; i++) {
          s[i] = (byte) (((x >> i) & 1) == 1 ? 1 : -1);
        }
        return net.energy(s, 0);
      });
    }
  }

  @Test
  void boltzmannMachineWithHiddenUnits_jointSamplesMatchExactEnumeration() throws Exception {
    int n = 8;
    IsingModel ising = spinGlass(n, 33);
    EnergyModel m = TestEnergyModels.boltzmann(ising, 5); // units 5..7 hidden
    int ladders = 2000;
    TemperingCoordinator c = new TemperingCoordinator(request(m, geometric(0.3, 2.0, 4), ladders, 200, 2,
        SwapScheme.REVERSIBLE, 6, null, 50, 0, ladders, 0, 0));
    SessionEvent.TemperResult r = EngineRuns.last(run(c, m, 512, 64));
    double low = r.states().get(0).layers().get(0).shape().type().low();
    assertMatchesEnumeration(r, n, x -> {
      byte[] s = new byte[n];
      for (int i = 0; i < n; i++) {
        s[i] = (byte) (((x >> i) & 1) == 1 ? 1 : low);
      }
      return ising.energy(s);
    });
  }

  /**
   * An RBM's chains report the free energy F(v) (hidden units summed out at T = 1); swaps must
   * weigh the joint energy E(v, h) instead. The model is bimodal (hidden unit 0 ties all visible
   * units together: v = 1…1 with h₀ = 1, or v = 0…0 with h₀ = 0, behind a barrier of ≈ 3.75 that
   * Gibbs sampling at T = 0.3 does not cross), so the cold level's law is carried by the swaps;
   * hidden unit 1 and the biases make the modes unequal. Swapping with F(v) instead of E(v, h)
   * gives the cold level the wrong mode weights (checked when this test was written: chi-square
   * p = 1.6e-12 at T = 0.3, against p = 0.72 with E(v, h)).
   */
  @Test
  void rbm_bimodal_jointSamplesMatchExactEnumeration() throws Exception {
    int nv = 5;
    int nh = 2;
    double[] w = new double[nv * nh];
    double[] second = {0.8, -0.4, 0.3, 0.6, -0.2};
    for (int i = 0; i < nv; i++) {
      w[i * nh] = 3;
      w[i * nh + 1] = second[i];
    }
    double[] b = {-1.5, -1.4, -1.6, -1.5, -1.3};
    double[] cBias = {-7.5, -0.3};
    BinaryRbm rbm = BinaryRbm.of(nv, nh, w, b, cBias);
    EnergyModel m = TestEnergyModels.rbm(rbm);
    int ladders = 4096;
    TemperingCoordinator c = new TemperingCoordinator(request(m, geometric(0.3, 3, 6), ladders, 400, 1,
        SwapScheme.NON_REVERSIBLE, 8, null, 100, 0, ladders, 0, 0));
    SessionEvent.TemperResult r = EngineRuns.last(run(c, m, 64, 64));
    assertMatchesEnumeration(r, nv + nh, x -> {
      double[] v = new double[nv];
      double[] h = new double[nh];
      for (int i = 0; i < nv; i++) {
        v[i] = (x >> i) & 1;
      }
      for (int j = 0; j < nh; j++) {
        h[j] = (x >> (nv + j)) & 1;
      }
      return rbm.energy(v, h);
    });
    // the most sensitive statistic: the weight of the mode v = 1…1 at the coldest level (binomial, 4.5 sd)
    double z = 0;
    double upper = 0;
    for (int x = 0; x < 1 << (nv + nh); x++) {
      double[] v = new double[nv];
      double[] h = new double[nh];
      for (int i = 0; i < nv; i++) {
        v[i] = (x >> i) & 1;
      }
      for (int j = 0; j < nh; j++) {
        h[j] = (x >> (nv + j)) & 1;
      }
      double p = Math.exp(-rbm.energy(v, h) / r.temperatures()[0]);
      z += p;
      if ((x & 31) == 31) {
        upper += p;
      }
    }
    double exact = upper / z;
    long inUpper = 0;
    for (int k = 0; k < r.states().size(); k++) {
      if (r.stateLevels()[k] == 0 && (index(r.states().get(k)) & 31) == 31) {
        inUpper++;
      }
    }
    double observed = (double) inUpper / ladders;
    double sd = Math.sqrt(exact * (1 - exact) / ladders);
    assertEquals(exact, observed, 4.5 * sd, "weight of the mode v = 1…1 at T = " + r.temperatures()[0]);
    assertTrue(r.acceptance()[0] > 0 && r.acceptance()[0] < 1, "swaps were both accepted and rejected");
  }

  /** A dense associative memory (F = x³) of 3 patterns over 8 spins: its E(σ) = −Σ_μ (ξ_μ·σ)³ is what chains report. */
  @Test
  void denseMemory_samplesAtEveryTemperature_matchExactEnumeration() throws Exception {
    int n = 8;
    int p = 3;
    SplittableRandom g = new SplittableRandom(12);
    byte[] xi = new byte[p * n];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = (byte) (g.nextBoolean() ? 1 : -1);
    }
    EnergyModel m = TestEnergyModels.denseMemory(p, n, xi, 3);
    org.ebmsim.dynamics.dense.DenseMemory memory = org.ebmsim.dynamics.dense.DenseMemory.of(p, n, xi,
        org.ebmsim.dynamics.dense.InteractionFunction.power(3));
    int ladders = 2000;
    TemperingCoordinator c = new TemperingCoordinator(request(m, geometric(20, 300, 4), ladders, 200, 1,
        SwapScheme.NON_REVERSIBLE, 14, null, 50, 0, ladders, 0, 0));
    SessionEvent.TemperResult r = EngineRuns.last(run(c, m, 256, 64));
    assertMatchesEnumeration(r, n, x -> {
      byte[] s = new byte[n];
      for (int i = 0; i < n; i++) {
        s[i] = (byte) (((x >> i) & 1) == 1 ? 1 : -1);
      }
      return memory.energy(s, 0);
    });
  }

  /** A Curie–Weiss ferromagnet: W_ij = 1/N for i ≠ j, no field; T_c = 1, two modes below it. */
  private static IsingModel curieWeiss(int n) {
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        w[i * n + j] = i == j ? 0 : 1.0 / n;
      }
    }
    return IsingModel.of(n, w, new double[n]);
  }

  private static LayerBlock[] allUp(EnergyModel m) {
    LayerBlock up = LayerBlock.ofBytes(m.sampling().layout().layer(0), 1);
    for (int i = 0; i < up.units(); i++) {
      up.set(0, i, 1);
    }
    return new LayerBlock[] {up};
  }

  private static double magnetization(ChainSnapshot s) {
    LayerBlock b = s.layers().get(0);
    double sum = 0;
    for (int i = 0; i < b.units(); i++) {
      sum += b.get(0, i);
    }
    return sum / b.units();
  }

  /**
   * N = 32 at T = 0.4: the free-energy barrier between m ≈ ±1 is about 7.5, so single-temperature
   * Gibbs from all-up needs ~e^19 sweeps to reach m < 0; tempering up to T = 2 crosses in a few hundred.
   */
  @Test
  void ferromagnetBelowTc_temperingVisitsBothModes_gibbsAtOneTemperatureStaysInOne() throws Exception {
    int n = 32;
    EnergyModel m = TestEnergyModels.hopfield(curieWeiss(n));
    TemperingCoordinator pt = new TemperingCoordinator(request(m, geometric(0.4, 2.0, 10), 2, 3000, 1,
        SwapScheme.NON_REVERSIBLE, 3, allUp(m), 20, 1, 1, 0, 0));
    int up = 0;
    int down = 0;
    for (SessionEvent e : run(pt, m, 64, 8)) {
      if (e instanceof SessionEvent.TemperProgress p) {
        for (int k = 0; k < p.samples().size(); k++) {
          if (p.sampleLevels()[k] == 0) {
            double mag = magnetization(p.samples().get(k));
            up += mag > 0 ? 1 : 0;
            down += mag < 0 ? 1 : 0;
          }
        }
      }
    }
    assertTrue(up >= 20 && down >= 20, "tempering's coldest level visits both modes: " + up + " up, " + down
        + " down of 150 reports");

    AnnealCoordinator gibbs = EngineRuns.anneal(m, 4, 3, Schedule.constant(0.4, 3000), SamplerKind.GIBBS, allUp(m),
        20, AnnealCoordinator.SampleMode.EVERY, 20, 4, 4);
    int seen = 0;
    for (SessionEvent e : EngineRuns.data(EngineRuns.run(EngineRuns.engine(KIT.system(), 64, 8), gibbs, m,
        KIT.system()))) {
      if (e instanceof SessionEvent.AnnealProgress p) {
        for (ChainSnapshot c : p.samples()) {
          assertTrue(magnetization(c) > 0, "Gibbs at T = 0.4 left the up mode at sweep " + p.sweep());
          seen++;
        }
      }
    }
    assertEquals(150 * 4, seen);
  }

  /** Same ladder, same model, same seed: the deterministic even/odd scheme makes more round trips. */
  @Test
  void nonReversibleScheme_makesMoreRoundTripsThanReversible() throws Exception {
    EnergyModel m = TestEnergyModels.hopfield(curieWeiss(32));
    double[] ladder = geometric(0.4, 3.0, 12);
    double[] rate = new double[2];
    SwapScheme[] schemes = {SwapScheme.NON_REVERSIBLE, SwapScheme.REVERSIBLE};
    for (int i = 0; i < 2; i++) {
      TemperingCoordinator c = new TemperingCoordinator(request(m, ladder, 8, 3000, 1, schemes[i], 17, null, 1000, 0,
          0, 0, 0));
      SessionEvent.TemperResult r = EngineRuns.last(run(c, m, 64, 8));
      rate[i] = r.roundTripRate();
    }
    assertTrue(rate[1] > 0, "the reversible scheme made round trips too: " + rate[1]);
    assertTrue(rate[0] > 1.5 * rate[1], "round trips per swap round and ladder: non-reversible " + rate[0]
        + ", reversible " + rate[1]);
  }

  /**
   * The adaptive schedule, on a ladder whose geometric spacing concentrates the rejections around
   * T_c: after tuning the rejection rates are nearly equal, Λ is their sum, and the measured round
   * trip rate agrees with the non-reversible scheme's {@code 1/(2 + 2 Σ r/(1 − r))} (Syed et al. 2021,
   * Theorem 3; exact under efficient local exploration, hence the 30% tolerance).
   */
  @Test
  void adaptiveSchedule_equalizesRejections_andPredictsTheRoundTripRate() throws Exception {
    EnergyModel m = TestEnergyModels.hopfield(curieWeiss(32));
    double[] ladder = geometric(0.3, 4.0, 8);
    TemperingCoordinator fixed = new TemperingCoordinator(request(m, ladder, 8, 2000, 2,
        SwapScheme.NON_REVERSIBLE, 23, null, 2000, 0, 0, 0, 0));
    double[] before = ((SessionEvent.TemperResult) EngineRuns.last(run(fixed, m, 64, 8))).rejection();
    double spreadBefore = Arrays.stream(before).max().orElseThrow() - Arrays.stream(before).min().orElseThrow();

    TemperingCoordinator tuned = new TemperingCoordinator(request(m, ladder, 8, 8000, 2,
        SwapScheme.NON_REVERSIBLE, 23, null, 4000, 0, 0, 4000, 6));
    List<SessionEvent> events = run(tuned, m, 64, 8);
    SessionEvent.TemperProgress atBurnIn = events.stream().filter(e -> e instanceof SessionEvent.TemperProgress p
        && p.sweep() == 4000).map(e -> (SessionEvent.TemperProgress) e).findFirst().orElseThrow();
    SessionEvent.TemperResult r = EngineRuns.last(events);
    double[] after = r.rejection();
    double mean = Arrays.stream(after).average().orElseThrow();
    for (int k = 0; k < after.length; k++) {
      assertEquals(mean, after[k], 0.06, "rejection rates after tuning " + Arrays.toString(after) + " (before: "
          + Arrays.toString(before) + ")");
    }
    double spreadAfter = Arrays.stream(after).max().orElseThrow() - Arrays.stream(after).min().orElseThrow();
    assertTrue(spreadBefore > 2 * spreadAfter, "tuning narrowed the spread: " + spreadBefore + " -> " + spreadAfter);
    assertEquals(Arrays.stream(after).sum(), r.barrier(), 1e-12);
    assertArrayEquals(atBurnIn.temperatures(), r.temperatures(), "the ladder is fixed after the burn-in");
    assertEquals(0.3, r.temperatures()[0]);
    assertEquals(4.0, r.temperatures()[7]);

    double s = 0;
    for (double x : after) {
      s += x / (1 - x);
    }
    double predicted = 1 / (2 + 2 * s);
    double measured = (double) (r.roundTrips() - atBurnIn.roundTrips())
        / ((double) (r.swapRounds() - atBurnIn.swapRounds()) * r.ladders());
    assertEquals(predicted, measured, 0.3 * predicted, "round-trip rate after tuning");
  }

  /** Everything that depends on the chains, written out (records with arrays compare arrays by reference). */
  private static String describe(SessionEvent e) {
    StringBuilder b = new StringBuilder();
    for (var c : e.getClass().getRecordComponents()) {
      try {
        Object v = c.getAccessor().invoke(e);
        b.append(c.getName()).append('=');
        b.append(v instanceof double[] d ? Arrays.toString(d) : v instanceof int[] i ? Arrays.toString(i)
            : String.valueOf(v));
        b.append(';');
      } catch (ReflectiveOperationException x) {
        throw new AssertionError(x);
      }
    }
    return b.toString();
  }

  @Test
  void sameRequestAndSeed_identicalEvents_forAnyGrouping() throws Exception {
    EnergyModel m = TestEnergyModels.hopfield(spinGlass(10, 5));
    List<List<String>> runs = new ArrayList<>();
    int[][] groupings = {{1, 64}, {1000, 1}, {7, 5}};
    for (int[] g : groupings) {
      TemperingCoordinator c = new TemperingCoordinator(request(m, geometric(0.3, 2.5, 5), 12, 300, 3,
          SwapScheme.REVERSIBLE, 99, null, 25, 2, 3, 120, 3));
      runs.add(run(c, m, g[0], g[1]).stream().map(TemperingSessionTest::describe).toList());
    }
    assertEquals(13, runs.get(0).size(), "12 progress events and the result");
    assertEquals(runs.get(0), runs.get(1));
    assertEquals(runs.get(0), runs.get(2));
  }

  @Test
  void steering_setTemperatureIsRefused_reportIntervalIsTaken() {
    EnergyModel m = TestEnergyModels.hopfield(spinGlass(6, 1));
    TemperingCoordinator c = new TemperingCoordinator(request(m, geometric(0.5, 2, 3), 2, 100, 20,
        SwapScheme.NON_REVERSIBLE, 1, null, 50, 0, 1, 0, 0));
    assertEquals(20, c.nextReport(0), "rounds end at swap boundaries");
    FailedPreconditionException e = assertThrows(FailedPreconditionException.class,
        () -> c.steer(new SteerCommand.SetTemperature(1.0), 10));
    assertTrue(e.getMessage().contains("ladder"), e.getMessage());
    assertEquals(10, c.steer(new SteerCommand.SetReportInterval(5), 10).sweep());
    assertEquals(15, c.nextReport(10), "and at the new report boundaries");
    assertEquals(20, c.nextReport(15));
  }
}
