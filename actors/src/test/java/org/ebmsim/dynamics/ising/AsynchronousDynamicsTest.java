package org.ebmsim.dynamics.ising;

import org.ebmsim.dynamics.ChainRandom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Zero-temperature asynchronous dynamics: a Lyapunov function and convergence to fixed points. */
class AsynchronousDynamicsTest {
  private static final int N = 30;
  private static final int CHAINS = 8;
  private static final int MODELS = 20;

  /** Runs single-unit updates in the order {@code permutation(sweep)} until a sweep flips nothing. */
  private interface VisitOrder {
    int[] of(int sweep);
  }

  private static void assertEnergyNeverRisesUntilFixedPoint(VisitOrder order, String label) {
    AsynchronousDynamics dynamics = new AsynchronousDynamics(AsynchronousDynamics.Order.FIXED);
    long decreases = 0;
    for (int m = 0; m < MODELS; m++) {
      IsingModel model = TestModels.gaussian(N, 1.0, 0.5, 0.3, 100 + m);
      SpinChains state = new SpinChains(LayerCouplings.single(model), CHAINS, TestModels.randomStates(CHAINS, N, m));
      boolean[][] onlyUnit = new boolean[N][];
      for (int i = 0; i < N; i++) {
        onlyUnit[i] = TestModels.allClampedBut(N, i);
      }
      double[] energy = new double[CHAINS];
      for (int c = 0; c < CHAINS; c++) {
        energy[c] = model.energy(state.spins(), c * N);
      }
      boolean converged = false;
      for (int sweep = 0; sweep < 100 && !converged; sweep++) {
        long flips = 0;
        for (int i : order.of(sweep)) {
          flips += dynamics.sweep(state, 0, CHAINS, 1.0, null, onlyUnit[i]); // updates unit i only
          for (int c = 0; c < CHAINS; c++) {
            double e = model.energy(state.spins(), c * N);
            assertTrue(e <= energy[c] + 1e-9, String.format("%s: model %d, chain %d, sweep %d, unit %d: E rose "
                + "from %.12f to %.12f", label, m, c, sweep, i, energy[c], e));
            if (e < energy[c] - 1e-12) {
              decreases++;
            }
            energy[c] = e;
          }
        }
        converged = flips == 0;
      }
      assertTrue(converged, label + ": model " + m + " did not reach a fixed point in 100 sweeps");
      assertAligned(model, state, label + ", model " + m);
    }
    assertTrue(decreases > MODELS * CHAINS, label + ": the dynamics should have lowered E often (got "
        + decreases + " decreases)");
  }

  /** Every spin agrees with the sign rule of its local field computed from scratch. */
  private static void assertAligned(IsingModel model, SpinChains state, String label) {
    for (int c = 0; c < state.chains(); c++) {
      for (int i = 0; i < model.units(); i++) {
        double h = model.localField(state.spins(), c * model.units(), i);
        assertEquals(h > 0 ? 1 : -1, state.spins()[c * model.units() + i],
            label + ": chain " + c + ", unit " + i + " not aligned with h = " + h);
      }
    }
  }

  @Test
  void update_fixedOrder_neverIncreasesEnergy_andReachesFixedPoint() {
    int[] identity = new int[N];
    for (int i = 0; i < N; i++) {
      identity[i] = i;
    }
    assertEnergyNeverRisesUntilFixedPoint(sweep -> identity, "fixed order");
  }

  @Test
  void update_randomOrder_neverIncreasesEnergy_andReachesFixedPoint() {
    SplittableRandom rng = new SplittableRandom(77);
    assertEnergyNeverRisesUntilFixedPoint(sweep -> {
      int[] p = new int[N];
      for (int i = 0; i < N; i++) {
        p[i] = i;
      }
      for (int k = N - 1; k > 0; k--) {
        int r = rng.nextInt(k + 1);
        int t = p[k];
        p[k] = p[r];
        p[r] = t;
      }
      return p;
    }, "random order");
  }

  @Test
  void sweep_randomOrderSampler_lowersEnergyEachSweep_untilSweepWithNoFlip() {
    AsynchronousDynamics dynamics = new AsynchronousDynamics(AsynchronousDynamics.Order.RANDOM);
    IsingModel model = TestModels.gaussian(60, 1.0, 0.3, 0, 8);
    int chains = 16;
    SpinChains state = new SpinChains(LayerCouplings.single(model), chains, TestModels.randomStates(chains, 60, 8));
    SplittableRandom[] rngs = ChainRandom.forChains(8, ChainRandom.STREAM_LAYER_BASE, 0, chains);
    double[] energy = new double[chains];
    for (int c = 0; c < chains; c++) {
      energy[c] = model.energy(state.spins(), c * 60);
    }
    int sweeps = 0;
    long flips;
    do {
      flips = dynamics.sweep(state, 0, chains, 1.0, rngs, null);
      sweeps++;
      for (int c = 0; c < chains; c++) {
        double e = model.energy(state.spins(), c * 60);
        assertTrue(e <= energy[c] + 1e-9, "chain " + c + ", sweep " + sweeps + ": " + energy[c] + " -> " + e);
        energy[c] = e;
      }
    } while (flips > 0 && sweeps < 100);
    assertEquals(0, flips, "no fixed point after " + sweeps + " sweeps");
    assertTrue(sweeps > 1, "random starts should need more than one sweep");
    assertAligned(model, state, "random-order sampler");
  }
}
