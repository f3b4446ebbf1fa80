package org.ebmsim.dynamics.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.junit.jupiter.api.Test;

/**
 * One AIS step of the base-rate paths against a direct float64 computation: the log-weight
 * increment {@code Σ_j [log φ(to·x_j) − log φ(from·x_j)] + (to − from)(b − b_A)ᵀv} term by term
 * with log1p, and the new states as {@code nextDouble() < p} draws from each row's stream. One
 * visible unit set to 1 (+1) makes the float32 fields exactly the float32 weights, so the
 * reference sees the same x as the path. 1500 hidden units with fields up to ±60 and a single
 * step from β = 0 to 1 cover the chunked products (factors up to 2 each) far beyond 2^1023.
 */
class DiscreteRbmAisPathTest {
  private static final int HIDDEN = 1500;
  private static final int ROWS = 3;

  private static double[] uniform(SplittableRandom rng, int n, double half) {
    double[] x = new double[n];
    for (int k = 0; k < n; k++) {
      x[k] = half * (2 * rng.nextDouble() - 1);
    }
    return x;
  }

  /** Both product paths: native BLAS, and the subset-sum tables the Java GEMM gets ({@code SubsetSumTable.wanted}). */
  private static void checkStep(boolean spins, double from, double to, double weightScale) {
    checkStep(spins, from, to, weightScale, HIDDEN, Gemm.nativeOrFallback(1));
    checkStep(spins, from, to, weightScale, HIDDEN, Gemm.javaFallback());
  }

  private static void checkStep(boolean spins, double from, double to, double weightScale, int hiddenUnits,
      Gemm gemm) {
    final int HIDDEN = hiddenUnits;
    SplittableRandom params = new SplittableRandom(spins ? 11 : 7);
    double[] w = uniform(params, HIDDEN, weightScale);
    double[] b = uniform(params, 1, 2);
    double[] c = uniform(params, HIDDEN, 1);
    double[] base = uniform(params, 1, 1);
    AisPath path = spins ? SpinRbmAisPath.of(SpinRbm.of(1, HIDDEN, w, b, c), base, gemm)
        : BinaryRbmAisPath.of(BinaryRbm.of(1, HIDDEN, w, b, c), base, gemm);
    AisPath.Batch batch = path.newBatch(ROWS);
    batch.setFromVisible(FloatMatrix.wrap(ROWS, 1, new float[] {1, 1, 1}), new SplittableRandom[ROWS]);
    SplittableRandom[] rngs = new SplittableRandom[ROWS];
    for (int r = 0; r < ROWS; r++) {
      rngs[r] = new SplittableRandom(100 + r);
    }
    double[] logWeights = {0.5, -1, 2};
    batch.step(from, to, logWeights, rngs);

    double[] start = {0.5, -1, 2};
    FloatMatrix after = batch.visibleSnapshot();
    for (int r = 0; r < ROWS; r++) {
      double want = (to - from) * ((double) (float) b[0] - (double) (float) base[0]);
      for (int j = 0; j < HIDDEN; j++) {
        double x = (double) (float) w[j] + c[j];
        want += spins ? LogSpace.logTwoCosh(to * x) - LogSpace.logTwoCosh(from * x)
            : LogSpace.softplus(to * x) - LogSpace.softplus(from * x);
      }
      assertEquals(start[r] + want, logWeights[r], 1e-9 * Math.max(1, Math.abs(want)),
          (spins ? "spin" : "binary") + " row " + r + ", β " + from + " → " + to);

      // the same row's stream: one draw per hidden unit, then one per visible unit
      SplittableRandom rng = new SplittableRandom(100 + r);
      double field = 0;
      for (int j = 0; j < HIDDEN; j++) {
        double x = (double) (float) w[j] + c[j];
        double p = LogSpace.sigmoid(spins ? 2 * to * x : to * x);
        boolean high = rng.nextDouble() < p;
        field += (double) (float) w[j] * (high ? 1 : spins ? -1 : 0);
      }
      double logit = (1 - to) * base[0] + to * ((float) b[0] + field);
      double u = rng.nextDouble();
      double threshold = Math.log(u / (1 - u)) / (spins ? 2 : 1);
      // float32 products round the field by ~1e-4 here; decisions that close are not compared
      if (Math.abs(logit - threshold) > 1e-2) {
        float expected = logit > threshold ? 1f : spins ? -1f : 0f;
        assertEquals(expected, after.get(r, 0), "visible draw of row " + r);
      }
    }
  }

  @Test
  void binaryStep_matchesTermByTermLogWeightAndDraws() {
    checkStep(false, 0.3, 0.3001, 3);
    checkStep(false, 0, 1, 60);
    checkStep(false, 0.9, 1, 0.5);
  }

  @Test
  void spinStep_matchesTermByTermLogWeightAndDraws() {
    checkStep(true, 0.3, 0.3001, 3);
    checkStep(true, 0, 1, 60);
    checkStep(true, 0.9, 1, 0.5);
  }

  /**
   * A model whose subset-sum tables would exceed {@link org.ebmsim.dynamics.blas.SubsetSumTable#MAX_BYTES}
   * (1 × 1.1·10⁶: over 64 MiB either way) takes the GEMM products even where tables are wanted.
   */
  @Test
  void tooLargeForTables_theBlasProductsGiveTheSameStep() {
    int hidden = 1_100_000;
    org.junit.jupiter.api.Assertions.assertFalse(org.ebmsim.dynamics.blas.SubsetSumTable.fits(1, hidden));
    checkStep(false, 0.3, 0.3001, 3, hidden, Gemm.javaFallback());
    checkStep(true, 0.9, 1, 0.5, hidden, Gemm.javaFallback());
  }

  @Test
  void sameSeed_sameLogWeightsAndStates() {
    double[][] out = new double[2][];
    FloatMatrix[] states = new FloatMatrix[2];
    for (int k = 0; k < 2; k++) {
      SplittableRandom params = new SplittableRandom(5);
      BinaryRbm rbm = BinaryRbm.of(30, 700, uniform(params, 30 * 700, 0.3), uniform(params, 30, 1),
          uniform(params, 700, 1));
      AisPath path = BinaryRbmAisPath.of(rbm, BaseRates.uniform(30), Gemm.nativeOrFallback(1));
      AisPath.Batch batch = path.newBatch(4);
      SplittableRandom[] rngs = {new SplittableRandom(1), new SplittableRandom(2), new SplittableRandom(3),
          new SplittableRandom(4)};
      batch.sampleBase(rngs);
      out[k] = new double[4];
      for (int s = 0; s < 20; s++) {
        batch.step(s / 20.0, (s + 1) / 20.0, out[k], rngs);
      }
      states[k] = batch.visibleSnapshot();
    }
    assertTrue(java.util.Arrays.equals(out[0], out[1]), "log-weights differ between identical runs");
    assertEquals(states[0], states[1]);
  }
}
