package org.ebmsim.dynamics.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.junit.jupiter.api.Test;

/** Incremental overlaps against overlaps recomputed from the spins. */
class DenseChainsTest {
  @Test
  void sweeps_everyRule_incrementalOverlapsEqualRecomputed() {
    int n = 50;
    int p = 12;
    int chains = 8;
    DenseSweep[] rules = {new DenseGibbsSweep(), new DenseMetropolisSweep(), new DenseAsynchronousSweep()};
    for (InteractionFunction f : DenseTestMemories.allFunctions()) {
      DenseMemory memory = DenseTestMemories.random(p, n, f, 31);
      for (DenseSweep rule : rules) {
        DenseChains state = new DenseChains(memory, chains, DenseTestMemories.randomSpins(chains, n, 32), true);
        SplittableRandom[] rngs = ChainRandom.forChains(9, ChainRandom.STREAM_LAYER_BASE, 0, chains);
        // a temperature of the order of the energy differences, so that units keep flipping
        double beta = 1 / Math.max(1, Math.abs(state.gain(0, 0)));
        long flips = 0;
        for (int sweep = 0; sweep < 30; sweep++) {
          flips += rule.sweep(state, 0, chains, beta, rngs, null);
          DenseChains fresh = new DenseChains(memory, chains, state.spins(), true);
          for (int c = 0; c < chains; c++) {
            assertArrayEquals(fresh.overlaps(c), state.overlaps(c),
                f.label() + " " + rule.getClass().getSimpleName() + ": chain " + c + " after sweep " + sweep);
            assertEquals(fresh.energy(c), state.energy(c), 0.0);
          }
        }
        assertTrue(flips > 0, f.label() + " " + rule.getClass().getSimpleName() + " flipped nothing");
      }
    }
  }

  @Test
  void set_clampedValue_updatesOverlaps() {
    DenseMemory memory = DenseTestMemories.random(5, 20, InteractionFunction.power(3), 2);
    DenseChains state = new DenseChains(memory, 3, DenseTestMemories.randomSpins(3, 20, 3), true);
    for (int c = 0; c < 3; c++) {
      state.set(c, 4, (byte) 1);
      state.set(c, 7, (byte) -1);
    }
    DenseChains fresh = new DenseChains(memory, 3, state.spins(), true);
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(fresh.overlaps(c), state.overlaps(c));
    }
  }
}
