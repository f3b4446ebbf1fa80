package org.ebmsim.dynamics.tempering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReplicaExchangeTest {
  @Test
  void equalize_placesEqualSharesOfTheBarrier() {
    double[] betas = {4, 3, 2, 1}; // cold first
    double[] rejection = {0.6, 0.0, 0.0}; // all the barrier between β = 4 and 3
    double[] out = CommunicationBarrier.equalize(betas, rejection);
    // Λ = 0.6, shares of 0.2: Λ(β) = 0.6·(4 − β) on [3, 4]
    assertArrayEquals(new double[] {4, 4 - 1.0 / 3, 4 - 2.0 / 3, 1}, out, 1e-12);
    assertEquals(0.6, CommunicationBarrier.total(rejection), 1e-15);
  }

  @Test
  void equalize_equalRejectionsKeepTheLadder() {
    double[] betas = {2, 1.5, 1, 0.5};
    assertArrayEquals(betas, CommunicationBarrier.equalize(betas, new double[] {0.3, 0.3, 0.3}), 1e-12);
  }

  @Test
  void nonReversible_zeroBarrier_replicasCrossTheLadderBallistically() {
    int k = 5;
    // equal energies: every swap accepted (α = 1), so each replica moves one level per round it is proposed in
    ReplicaExchange x = new ReplicaExchange(new double[] {1, 2, 3, 4, 5}, 1, SwapScheme.NON_REVERSIBLE, 1);
    double[] energies = new double[k];
    for (int r = 0; r < 2000; r++) {
      x.swapRound(energies);
    }
    // DEO with Λ = 0: the round-trip rate of a ladder is 1/(2 + 2Λ) = 1/2 per round (up to the start-up)
    assertEquals(0.5, (double) x.roundTrips() / x.rounds(), 0.01);
    assertEquals(0, x.cumulative().barrier(), 0);
  }

  @Test
  void swapRound_acceptsWithTheMetropolisProbability() {
    // two levels β = 1 and 1/2; chain 0 (cold) has energy 0, chain 1 energy 2: α = exp((1 − ½)(0 − 2)) = e^{-1}
    ReplicaExchange x = new ReplicaExchange(new double[] {1, 2}, 20000, SwapScheme.NON_REVERSIBLE, 7);
    double[] energies = new double[40000];
    for (int c = 0; c < energies.length; c++) {
      energies[c] = c % 2 == 0 ? 0 : 2;
    }
    x.swapRound(energies);
    double p = Math.exp(-1);
    double observed = x.cumulative().acceptance()[0];
    double sd = Math.sqrt(p * (1 - p) / 20000);
    assertEquals(p, observed, 5 * sd, "acceptance " + observed);
    assertEquals(1 - p, x.cumulative().rejection()[0], 1e-12);
    // accepted swaps exchanged the levels of exactly the accepted pairs
    long swapped = 0;
    for (int m = 0; m < 20000; m++) {
      swapped += x.levelOf(2 * m) == 1 ? 1 : 0;
      assertEquals(1 - x.levelOf(2 * m), x.levelOf(2 * m + 1));
    }
    assertEquals(x.cumulative().accepted(0), swapped);
  }

  @Test
  void sameSeed_sameDecisions_otherSeed_others() {
    double[] t = {1, 1.5, 2.2, 3};
    ReplicaExchange a = new ReplicaExchange(t, 3, SwapScheme.REVERSIBLE, 11);
    ReplicaExchange b = new ReplicaExchange(t, 3, SwapScheme.REVERSIBLE, 11);
    ReplicaExchange c = new ReplicaExchange(t, 3, SwapScheme.REVERSIBLE, 12);
    java.util.SplittableRandom e = new java.util.SplittableRandom(3);
    boolean differs = false;
    for (int r = 0; r < 200; r++) {
      double[] energies = e.doubles(12, -3, 3).toArray();
      a.swapRound(energies);
      b.swapRound(energies);
      c.swapRound(energies);
      assertArrayEquals(a.chainTemperatures(), b.chainTemperatures());
      differs |= !Arrays.equals(a.chainTemperatures(), c.chainTemperatures());
    }
    assertTrue(differs);
  }
}
