package org.ebmsim.dynamics.modern.ham;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The modern-Hopfield setting (MATH.md §4 model B, paper §4.1): an identity visible layer and a
 * softmax hidden layer whose weights are the stored patterns. A corrupted or partly clamped cue
 * of a stored pattern converges to that pattern, and with an adiabatic hidden layer the network
 * energy is the closed form {@code ½‖v‖² − β⁻¹ log Σ_μ exp(β ξ_μ·v)}.
 */
class RetrievalTest {
  static final int N = 64;
  static final int P = 4;

  /** A 2-layer memory and its patterns (rows of ξ, entries ±1). */
  record Memory(HamNetwork network, double[][] patterns) {}

  static Memory memory(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] patterns = new double[P][N];
    double[] weights = new double[P * N];
    for (int mu = 0; mu < P; mu++) {
      for (int i = 0; i < N; i++) {
        patterns[mu][i] = r.nextBoolean() ? 1 : -1;
        weights[mu * N + i] = patterns[mu][i];
      }
    }
    TensorShape visible = TensorShape.dense(N);
    TensorShape hidden = TensorShape.dense(P);
    HamNetwork net = HamNetwork.of(
        List.of(HamLayer.of(visible, "identity", null, 1), HamLayer.of(hidden, "softmax", Map.of("beta", 1.0), 0.5)),
        List.of(new DenseSynapse(visible, hidden, weights)));
    return new Memory(net, patterns);
  }

  /** {@code pattern} with a fraction of its signs flipped (distinct random units). */
  static double[] corrupted(double[] pattern, double fraction, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = pattern.clone();
    int flips = (int) Math.round(fraction * v.length);
    int[] order = new int[v.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = 0; i < flips; i++) {
      int j = i + r.nextInt(order.length - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
      v[order[i]] = -v[order[i]];
    }
    return v;
  }

  @Test
  void corruptedCue_convergesToTheStoredPattern() {
    Memory m = memory(91);
    for (int mu = 0; mu < P; mu++) {
      for (boolean adiabatic : new boolean[] {false, true}) {
        double[][] x0 = {corrupted(m.patterns()[mu], 0.25, 100 + mu), new double[P]};
        HamIntegrator it = new HamIntegrator(m.network(), StepMethod.RK4, 0.1, adiabatic, null, x0);
        double e0 = it.energy();
        it.runToFixedPoint(1e-10, 100_000);
        double err = HamFixtures.maxAbsDiff(it.state(0), m.patterns()[mu]);
        assertTrue(err < 1e-6, "pattern " + mu + (adiabatic ? " (adiabatic)" : "") + ": max |v - xi| = " + err);
        assertTrue(it.energy() < e0, "pattern " + mu + ": energy " + e0 + " -> " + it.energy());
      }
    }
  }

  @Test
  void clampedHalfCue_completesTheOtherHalf() {
    Memory m = memory(92);
    for (int mu = 0; mu < P; mu++) {
      double[] v0 = new double[N];
      boolean[][] clamped = {new boolean[N], null};
      for (int i = 0; i < N / 2; i++) {
        v0[i] = m.patterns()[mu][i];
        clamped[0][i] = true;
      }
      HamIntegrator it = new HamIntegrator(m.network(), StepMethod.EULER, 0.05, false, clamped, new double[][] {v0,
          new double[P]});
      double[] e = it.run(50);
      for (int t = 1; t < e.length; t++) {
        assertTrue(e[t] <= e[t - 1] + 1e-12, "energy rose at step " + t);
      }
      it.runToFixedPoint(1e-10, 100_000);
      double[] v = it.state(0);
      for (int i = 0; i < N; i++) {
        assertEquals(m.patterns()[mu][i], v[i], 1e-6, "pattern " + mu + ", unit " + i);
      }
    }
  }

  @Test
  void adiabaticEnergy_isTheModernHopfieldEnergy() {
    Memory m = memory(93);
    SplittableRandom r = new SplittableRandom(94);
    for (int trial = 0; trial < 5; trial++) {
      double[] v = HamFixtures.gaussian(r, N, 0.5);
      HamIntegrator it = new HamIntegrator(m.network(), StepMethod.EULER, 0.01, true, null,
          new double[][] {v, new double[P]});
      double lse = 0;
      for (int mu = 0; mu < P; mu++) {
        lse += Math.exp(HamFixtures.dot(m.patterns()[mu], v));
      }
      double expected = 0.5 * HamFixtures.dot(v, v) - Math.log(lse);
      assertEquals(expected, it.energy(), 1e-10 * Math.max(1, Math.abs(expected)), "trial " + trial);
    }
  }
}
