package org.ebmsim.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A tempering session's log of per-chain temperatures: a group gets exactly the temperatures its
 * chains ran at in each round it may have to replay, and the log stays within its bounds.
 */
class RoundHistoryTest {
  /** Round r: chain c at ladder[(c + r) % 3] (a rotating permutation, like swaps). */
  private static double[] temperatures(int round, int chains, double[] ladder) {
    double[] t = new double[chains];
    for (int c = 0; c < chains; c++) {
      t[c] = ladder[(c + round) % ladder.length];
    }
    return t;
  }

  @Test
  void forChains_givesEachRoundsTemperaturesOfTheGroupsChains() {
    double[] ladder = {0.5, 1.25, 3.0};
    RoundHistory h = new RoundHistory(0, 100);
    for (int r = 0; r < 10; r++) {
      h.add(5L * r, 5L * r + 5, temperatures(r, 9, ladder));
    }
    // chains 3..5, rounds from sweep 15 up to 40 (the group's checkpoint at 15, the current round at 40)
    ReplayRounds rounds = h.forChains(3, 3, 15, 40);
    assertEquals(5, rounds.rounds());
    assertEquals(1, rounds.palettes().length, "one ladder, shared by every round");
    for (int k = 0; k < rounds.rounds(); k++) {
      int r = 3 + k;
      assertEquals(5L * r, rounds.from(k));
      assertEquals(5L * r + 5, rounds.to(k));
      double[] all = temperatures(r, 9, ladder);
      assertArrayEquals(new double[] {all[3], all[4], all[5]}, rounds.temperatures(k, 3), 0.0);
    }
    assertEquals(0, rounds.firstFrom(15, 40));
    assertEquals(2, rounds.firstFrom(25, 40), "a group with a newer checkpoint starts later");
    assertEquals(-1, rounds.firstFrom(10, 40), "a group behind the rounds held cannot replay");
    assertEquals(-1, rounds.firstFrom(17, 40), "nor one between round ends");
  }

  @Test
  void ladderChange_makesANewPalette() {
    RoundHistory h = new RoundHistory(0, 100);
    h.add(0, 4, temperatures(0, 4, new double[] {1, 2}));
    h.add(4, 8, temperatures(1, 4, new double[] {1, 2}));
    h.add(8, 12, temperatures(2, 4, new double[] {1, 1.5}));
    ReplayRounds rounds = h.forChains(0, 4, 0, 12);
    assertEquals(2, rounds.palettes().length);
    assertArrayEquals(new int[] {0, 0, 1}, rounds.paletteOf());
    assertArrayEquals(temperatures(2, 4, new double[] {1, 1.5}), rounds.temperatures(2, 4), 0.0);
  }

  @Test
  void dropThroughAndCap_boundWhatIsHeld() {
    RoundHistory h = new RoundHistory(0, 4);
    for (int r = 0; r < 6; r++) {
      h.add(r, r + 1, new double[] {1, 2});
    }
    assertEquals(4, h.size(), "the cap");
    assertEquals(2, h.keptFrom());
    h.dropThrough(4);
    assertEquals(2, h.size());
    assertEquals(4, h.keptFrom());
    assertEquals(-1, h.forChains(0, 2, 0, 6).firstFrom(3, 6), "rounds before the kept ones are gone");
    assertEquals(0, h.forChains(0, 2, 0, 6).firstFrom(4, 6));
  }

  @Test
  void roundsBetweenCheckpoints_boundsTheSpanToAResumableRoundEnd() {
    // swap every 3, report every 50, checkpoints every 64 at multiples of 64: a checkpoint at 192
    // (the first multiple of 3 and 64), the next at 384; 192 sweeps hold 64 swap rounds and 4 report cuts
    int rounds = RoundHistory.roundsBetweenCheckpoints(64, 64, 3, 50);
    assertEquals((64 + 192) / 3 + (64 + 192) / 50 + 2, rounds);
    assertEquals(true, rounds >= 64 + 4);
    // kernels that resume anywhere with swaps every 64: one round per 64 sweeps, span 128
    assertEquals(2 + 2 + 2, RoundHistory.roundsBetweenCheckpoints(64, 64, 64, 64));
  }
}
