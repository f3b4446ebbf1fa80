package org.ebmsim.dynamics.ais;

import org.ebmsim.dynamics.rbm.BaseRates;
import org.ebmsim.dynamics.rbm.BinaryGaussianAisPath;
import org.ebmsim.dynamics.rbm.BinaryRbmAisPath;
import org.ebmsim.dynamics.rbm.SpinRbmAisPath;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.mapping.HopfieldToRbm;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.RbmEnumeration;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.SpinRbm;
import org.ebmsim.dynamics.rbm.TestModels;
import org.junit.jupiter.api.Test;

/**
 * AIS against exact enumeration. Tolerances: |log Ẑ − log Z| &lt; 0.1 nats and within 3 reported
 * standard errors for 500 chains × 1000 temperatures; coverage of ±2σ over 20 seeds ≥ 90%.
 */
class AnnealedImportanceSamplerTest {
  static final int CHAINS = 500;
  static final int TEMPERATURES = 1000;
  final Gemm gemm = Gemm.nativeOrFallback(1);
  final RbmEnumeration exact = new RbmEnumeration();

  static BinaryRbm weaklyCoupled() {
    return TestModels.binary(20, 10, 0.3, 0.1, 2001);
  }

  static BinaryRbm stronglyCoupled() {
    return TestModels.binary(16, 12, 1.0, 0.1, 2002);
  }

  static BinaryGaussianRbm mappedHopfield() {
    double[] xi = TestModels.randomPatterns(16, 4, 2003);
    return HopfieldToRbm.map(xi, 16, 4, HopfieldToRbm.Orthogonalization.QR, 2.0, null).rbm();
  }

  private AisPath binaryPath(BinaryRbm rbm, long seed) {
    FloatMatrix data = exact.sampleVisible(rbm, 500, seed, 0);
    return BinaryRbmAisPath.of(rbm, BaseRates.fromData(data, false, 1.0), gemm);
  }

  private static AisEstimate run(AisPath path, AisSchedule schedule, int chains, long seed) {
    AnnealedImportanceSampler ais = AnnealedImportanceSampler.forward(path, schedule, chains, seed, 0);
    ais.advance(schedule.steps());
    return ais.estimate();
  }

  private static void assertClose(String what, double exactLogZ, double estimate, double se) {
    double err = Math.abs(estimate - exactLogZ);
    assertTrue(err < 0.1, what + ": |log Ẑ − log Z| = " + err + " (Ẑ " + estimate + ", exact " + exactLogZ
        + ", se " + se + ") must be < 0.1");
    assertTrue(err < 3 * se, what + ": error " + err + " outside 3 reported σ = " + 3 * se + " (Ẑ " + estimate
        + ", exact " + exactLogZ + ")");
  }

  private void forwardAndReverse(String what, Rbm rbm, AisPath path, AisSchedule schedule) {
    RbmEnumeration.LogPartition z = exact.logPartition(rbm);
    FloatMatrix samples = exact.sampleVisible(rbm, CHAINS, 99, 0);
    AnnealedImportanceSampler.Bracket b = AnnealedImportanceSampler.bracket(path, schedule, CHAINS, samples, 7);
    assertClose(what + " forward (visible)", z.visible(), b.forward().logPartitionVisible(), b.forward().standardError());
    assertClose(what + " forward (joint)", z.joint(), b.forward().logPartitionJoint(), b.forward().standardError());
    assertClose(what + " reverse (visible)", z.visible(), b.reverse().logPartitionVisible(), b.reverse().standardError());
    assertTrue(b.forward().effectiveSampleSize() > 1 && b.forward().effectiveSampleSize() <= CHAINS,
        "ESS " + b.forward().effectiveSampleSize());
  }

  @Test
  void forwardAndReverseAis_weaklyCoupledBinary20x10_matchExactLogZ() {
    BinaryRbm rbm = weaklyCoupled();
    forwardAndReverse("20×10 N(0,0.3²)", rbm, binaryPath(rbm, 1), AisSchedule.uniform(TEMPERATURES));
  }

  @Test
  void forwardAndReverseAis_stronglyCoupledBinary16x12_matchExactLogZ() {
    BinaryRbm rbm = stronglyCoupled();
    forwardAndReverse("16×12 N(0,1)", rbm, binaryPath(rbm, 2), AisSchedule.threeSegment(TEMPERATURES));
  }

  @Test
  void forwardAndReverseAis_binaryGaussianFromProjectionHopfield_matchesExactJointAndVisible() {
    BinaryGaussianRbm rbm = mappedHopfield();
    forwardAndReverse("Hopfield N=16 p=4 β=2", rbm, BinaryGaussianAisPath.of(rbm, gemm),
        AisSchedule.uniform(TEMPERATURES));
  }

  @Test
  void forwardAis_spinRbm_matchesExactLogZ() {
    SpinRbm rbm = TestModels.spin(14, 8, 0.4, 0.1, 2004);
    FloatMatrix data = exact.sampleVisible(rbm, 500, 3, 0);
    AisPath path = SpinRbmAisPath.of(rbm, BaseRates.fromData(data, true, 1.0), gemm);
    AisEstimate e = run(path, AisSchedule.uniform(TEMPERATURES), CHAINS, 5);
    assertClose("spin 14×8", exact.logPartition(rbm).visible(), e.logPartitionVisible(), e.standardError());
  }

  @Test
  void reportedTwoSigmaInterval_coversExactLogZ_atLeast90PercentOf20Seeds() {
    BinaryRbm rbm = weaklyCoupled();
    double want = exact.logPartition(rbm).visible();
    AisPath path = binaryPath(rbm, 4);
    int covered = 0;
    StringBuilder misses = new StringBuilder();
    for (int seed = 0; seed < 20; seed++) {
      AisEstimate e = run(path, AisSchedule.uniform(TEMPERATURES), CHAINS, 1000 + seed);
      if (Math.abs(e.logPartitionVisible() - want) <= 2 * e.standardError()) {
        covered++;
      } else {
        misses.append(String.format(" seed %d: %.4f ± %.4f;", 1000 + seed, e.logPartitionVisible(),
            2 * e.standardError()));
      }
    }
    assertTrue(covered >= 18, "±2σ covered exact log Z = " + want + " in " + covered + "/20 runs; misses:" + misses);
  }

  @Test
  void sameSeed_sameLogWeights_oneBatchOrFour_andInAnyChunking() {
    FloatMatrix data = exact.sampleVisible(weaklyCoupled(), 500, 6, 0);
    double[] base = BaseRates.fromData(data, false, 1.0);
    // Java GEMM: bitwise identical; native OpenBLAS may round a row differently per batch height
    for (Gemm g : new Gemm[] {Gemm.javaFallback(), gemm}) {
      for (AisPath path : new AisPath[] {BinaryRbmAisPath.of(weaklyCoupled(), base, g),
          BinaryGaussianAisPath.of(mappedHopfield(), g)}) {
        checkBatching(path, g.isNative() ? 1e-5 : 0); // float32 fields: ~1e-7 per step
      }
    }
  }

  private static void checkBatching(AisPath path, double relativeTolerance) {
    {
      AisSchedule schedule = AisSchedule.uniform(60);
      AnnealedImportanceSampler one = AnnealedImportanceSampler.forward(path, schedule, 100, 31, 0);
      one.advance(60);
      double[] four = new double[100];
      for (int b = 0; b < 4; b++) {
        AnnealedImportanceSampler part = AnnealedImportanceSampler.forward(path, schedule, 25, 31, 25L * b);
        while (!part.finished()) {
          part.advance(7);
        }
        System.arraycopy(part.logWeights(), 0, four, 25 * b, 25);
      }
      double[] ref = one.logWeights();
      for (int c = 0; c < 100; c++) {
        assertEquals(ref[c], four[c], relativeTolerance * Math.max(1, Math.abs(ref[c])),
            path.getClass().getSimpleName() + " chain " + c);
      }
      AisEstimate combined = AisEstimate.fromLogWeights(AisEstimate.Direction.FORWARD, four, path.logBasePartition(),
          path.logVisibleOverTarget(), path.logVisibleOverTarget());
      assertEquals(one.estimate().logPartitionVisible(), combined.logPartitionVisible(),
          1e-12 + relativeTolerance);
    }
  }

  @Test
  void progress_reportsRunningEstimateAndRefusesEarlyFinalEstimate() {
    AisPath path = binaryPath(weaklyCoupled(), 8);
    AnnealedImportanceSampler ais = AnnealedImportanceSampler.forward(path, AisSchedule.uniform(10), 50, 1, 0);
    AisProgress p0 = ais.progress();
    assertEquals(0, p0.stepsDone());
    assertEquals(path.logBasePartition(), p0.logPartition(), 1e-12, "before any step log Ẑ = log Z_0");
    assertEquals(50, p0.effectiveSampleSize(), 1e-9);
    assertThrows(IllegalStateException.class, ais::estimate);
    assertEquals(4, ais.advance(4));
    assertEquals(6, ais.advance(100));
    assertTrue(ais.progress().finished());
    assertEquals(ais.estimate().logPartitionVisible(), ais.progress().logPartition(), 1e-12);
  }

  private static double[] negativeFreeEnergies(BinaryRbm rbm, FloatMatrix data) {
    double[] out = new double[data.rows()];
    for (int r = 0; r < data.rows(); r++) {
      double[] v = new double[data.cols()];
      for (int i = 0; i < v.length; i++) {
        v[i] = data.get(r, i);
      }
      out[r] = -rbm.freeEnergy(v);
    }
    return out;
  }

  @Test
  void meanLogLikelihood_matchesExactOnExactSamples() {
    BinaryRbm rbm = weaklyCoupled();
    FloatMatrix data = exact.sampleVisible(rbm, 300, 17, 0);
    AisEstimate e = run(binaryPath(rbm, 9), AisSchedule.uniform(TEMPERATURES), CHAINS, 21);
    AisEstimate.LogLikelihood ll = e.meanLogLikelihood(negativeFreeEnergies(rbm, data));
    double logZ = exact.logPartition(rbm).visible();
    double want = 0;
    for (int r = 0; r < data.rows(); r++) {
      double[] v = new double[20];
      for (int i = 0; i < 20; i++) {
        v[i] = data.get(r, i);
      }
      want += -rbm.freeEnergy(v) - logZ;
    }
    want /= data.rows();
    assertEquals(want, ll.mean(), Math.max(0.1, 3 * ll.standardError()), "mean log-likelihood");
    assertEquals(e.standardError(), ll.standardError(), 0);
  }

  @Test
  void schedules_haveTheirShapeAndInvalidOnesAreRejected() {
    AisSchedule u = AisSchedule.uniform(4);
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, u.betas(), 1e-15);
    AisSchedule full = AisSchedule.threeSegment(AisSchedule.THREE_SEGMENT_STEPS);
    assertEquals(14_500, full.steps());
    assertEquals(0.5, full.beta(500), 1e-12);
    assertEquals(0.9, full.beta(4500), 1e-12);
    assertEquals(0.5 / 500, full.beta(1), 1e-15);
    AisSchedule scaled = AisSchedule.threeSegment(1000);
    assertEquals(1000, scaled.steps());
    assertEquals(0.5, scaled.beta(34), 1e-12); // round(1000·500/14500) = 34
    assertEquals(0.9, scaled.beta(34 + 276), 1e-12); // round(1000·4000/14500) = 276
    assertEquals(1.0, scaled.beta(1000), 0);
    String[][] bad = {{"0.1,0.5,1", "start at 0"}, {"0,0.5,0.9", "end at 1"}, {"0,0.6,0.5,1", "non-decreasing"},
        {"0,NaN,1", "finite"}, {"0", "at least 2"}};
    for (String[] c : bad) {
      double[] b = java.util.Arrays.stream(c[0].split(",")).mapToDouble(Double::parseDouble).toArray();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AisSchedule.of(b));
      assertTrue(e.getMessage().contains("betas") && e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> AisSchedule.uniform(0));
    assertThrows(IllegalArgumentException.class, () -> AisSchedule.threeSegment(2));
  }

  @Test
  void invalidRequests_areRejectedNamingTheField() {
    AisPath path = binaryPath(weaklyCoupled(), 10);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AnnealedImportanceSampler.forward(path, AisSchedule.uniform(5), 0, 1, 0));
    assertTrue(e.getMessage().contains("chains must be >= 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BinaryRbmAisPath.of(weaklyCoupled(), new double[19], gemm));
    assertTrue(e.getMessage().contains("baseVisibleBias") && e.getMessage().contains("20"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> AnnealedImportanceSampler.reverse(path, AisSchedule.uniform(5), FloatMatrix.zeros(3, 7), 1, 0));
    assertTrue(e.getMessage().contains("visible must be 3 × 20"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BaseRates.fromData(FloatMatrix.zeros(2, 3), false, 0));
    assertTrue(e.getMessage().contains("pseudoCount"), e.getMessage());
  }
}
