package org.ebmsim.dynamics.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.junit.jupiter.api.Test;

/** Zero-temperature dynamics: energy never rises, fixed points are local minima, patterns are retrieved. */
class DenseAsynchronousSweepTest {
  @Test
  void sweep_everyFunction_neverRaisesEnergyAndStopsAtALocalMinimum() {
    int n = 60;
    int chains = 10;
    for (InteractionFunction f : DenseTestMemories.allFunctions()) {
      DenseMemory memory = DenseTestMemories.random(25, n, f, 12);
      DenseChains state = new DenseChains(memory, chains, DenseTestMemories.randomSpins(chains, n, 13), true);
      SplittableRandom[] rngs = ChainRandom.forChains(1, ChainRandom.STREAM_LAYER_BASE, 0, chains);
      DenseSweep sweep = new DenseAsynchronousSweep();
      double[] before = new double[chains];
      boolean fixed = false;
      for (int t = 0; t < 200 && !fixed; t++) {
        for (int c = 0; c < chains; c++) {
          before[c] = state.energy(c);
        }
        fixed = sweep.sweep(state, 0, chains, 1, rngs, null) == 0;
        for (int c = 0; c < chains; c++) {
          assertTrue(state.energy(c) <= before[c], f.label() + ": chain " + c + " energy rose");
        }
      }
      assertTrue(fixed, f.label() + ": no fixed point within 200 sweeps");
      for (int c = 0; c < chains; c++) {
        for (int i = 0; i < n; i++) {
          // a fixed point: no single flip lowers E (σ_i·D_i ≥ 0)
          assertTrue(state.spins()[c * n + i] * state.gain(c, i) >= 0, f.label() + " chain " + c + " unit " + i);
        }
      }
    }
  }

  @Test
  void sweep_powerThree_retrievesPatternsFromNoisyCues() {
    // 100 units, 40 patterns (0.4·N, far above the Hebbian 0.14·N), 10 flipped bits per cue
    int n = 100;
    int p = 40;
    DenseMemory memory = DenseTestMemories.random(p, n, InteractionFunction.power(3), 21);
    byte[] cues = new byte[p * n];
    SplittableRandom rng = new SplittableRandom(22);
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        cues[mu * n + i] = memory.pattern(mu, i);
      }
      for (int k = 0; k < 10; k++) {
        int i = rng.nextInt(n);
        cues[mu * n + i] = (byte) -cues[mu * n + i];
      }
    }
    DenseChains state = new DenseChains(memory, p, cues, true);
    SplittableRandom[] rngs = ChainRandom.forChains(3, ChainRandom.STREAM_LAYER_BASE, 0, p);
    int sweeps = 0;
    while (new DenseAsynchronousSweep().sweep(state, 0, p, 1, rngs, null) > 0) {
      sweeps++;
      assertTrue(sweeps < 50, "no fixed point within 50 sweeps");
    }
    byte[] xi = memory.patterns();
    for (int mu = 0; mu < p; mu++) {
      assertArrayEquals(java.util.Arrays.copyOfRange(xi, mu * n, (mu + 1) * n), state.state(mu), "pattern " + mu);
    }
    assertEquals(n, state.overlaps(0)[0]);
  }
}
