package org.ebmsim.dynamics.ising;

import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.PatternOverlaps;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Clamp half of a stored pattern; the free half completes to it (MATH.md §1, pattern completion). */
class PatternCompletionTest {
  private static final int N = 100;
  private static final int P = 5;
  private static final int CLAMPED = N / 2;

  private final byte[] xi = TestModels.randomPatterns(P, N, new SplittableRandom(2025));
  private final IsingModel model = TestModels.hopfield(N, HopfieldRules.hebbian(P, N, xi));
  private final PatternOverlaps overlaps = new PatternOverlaps(P, N, xi);

  /** Chain μ: units [0, N/2) set to pattern μ (clamped), the rest random. */
  private SpinChains halfCues() {
    byte[] start = TestModels.randomStates(P, N, 5);
    for (int mu = 0; mu < P; mu++) {
      System.arraycopy(xi, mu * N, start, mu * N, CLAMPED);
      int wrong = PatternOverlaps.hammingDistance(xi, mu * N + CLAMPED, start, mu * N + CLAMPED, N - CLAMPED);
      assertTrue(wrong > 10, "the free half should start far from the pattern (" + wrong + " wrong units)");
    }
    return new SpinChains(LayerCouplings.single(model), P, start);
  }

  private static boolean[] firstHalfClamped() {
    boolean[] clamped = new boolean[N];
    Arrays.fill(clamped, 0, CLAMPED, true);
    return clamped;
  }

  @Test
  void asynchronousDynamics_halfClamped_completesEveryStoredPattern() {
    SpinChains state = halfCues();
    SplittableRandom[] rngs = ChainRandom.forChains(6, ChainRandom.STREAM_LAYER_BASE, 0, P);
    AsynchronousDynamics dynamics = new AsynchronousDynamics(AsynchronousDynamics.Order.RANDOM);
    int sweeps = 0;
    while (dynamics.sweep(state, 0, P, 1.0, rngs, firstHalfClamped()) > 0) {
      assertTrue(++sweeps < 100, "no fixed point within 100 sweeps");
    }
    for (int mu = 0; mu < P; mu++) {
      assertArrayEquals(overlaps.pattern(mu), state.state(mu), "pattern " + mu);
      assertEquals(new PatternOverlaps.Match(mu, 1.0), overlaps.bestMatch(state.spins(), mu * N));
    }
  }

  @Test
  void gibbsAtLowTemperature_halfClamped_signOfLastStatesMeanCompletesEveryPattern() {
    SpinChains state = halfCues();
    SplittableRandom[] rngs = ChainRandom.forChains(7, ChainRandom.STREAM_LAYER_BASE, 0, P);
    GibbsSampler gibbs = new GibbsSampler();
    double beta = 1 / 0.1;
    int burnIn = 20;
    int last = 20;
    boolean[] clamped = firstHalfClamped();
    for (int t = 0; t < burnIn; t++) {
      gibbs.sweep(state, 0, P, beta, rngs, clamped);
    }
    int[] sum = new int[P * N];
    for (int t = 0; t < last; t++) {
      gibbs.sweep(state, 0, P, beta, rngs, clamped);
      for (int k = 0; k < sum.length; k++) {
        sum[k] += state.spins()[k];
      }
    }
    byte[] answer = new byte[P * N];
    for (int k = 0; k < sum.length; k++) {
      answer[k] = sum[k] > 0 ? (byte) 1 : (byte) -1;
    }
    for (int mu = 0; mu < P; mu++) {
      double m = overlaps.overlap(mu, answer, mu * N);
      assertEquals(1.0, m, 0.0, "pattern " + mu + ": sign of the mean of the last " + last + " states has overlap "
          + m);
    }
  }
}
