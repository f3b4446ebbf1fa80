package org.ebmsim.dynamics.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Energies and energy differences of {@link DenseMemory} against their definitions. */
class DenseMemoryTest {
  @Test
  void gain_everyFunction_equalsBruteForceEnergyDifference() {
    int n = 40;
    for (InteractionFunction f : DenseTestMemories.allFunctions()) {
      DenseMemory memory = DenseTestMemories.random(7, n, f, 17);
      byte[] states = DenseTestMemories.randomSpins(20, n, 18);
      DenseChains chains = new DenseChains(memory, 20, states, true);
      for (int c = 0; c < 20; c++) {
        byte[] s = chains.state(c);
        for (int i = 0; i < n; i++) {
          byte[] plus = s.clone();
          plus[i] = 1;
          byte[] minus = s.clone();
          minus[i] = -1;
          double expected = DenseTestMemories.bruteForceEnergy(memory, minus)
              - DenseTestMemories.bruteForceEnergy(memory, plus);
          double got = chains.gain(c, i);
          assertEquals(expected, got, 1e-9 * (1 + Math.abs(expected)), f.label() + ": D_" + i + " of chain " + c);
        }
        assertEquals(DenseTestMemories.bruteForceEnergy(memory, s), chains.energy(c),
            1e-9 * (1 + Math.abs(chains.energy(c))), f.label() + ": E of chain " + c);
      }
    }
  }

  @Test
  void energy_powerTwo_isHebbianHopfieldEnergyRescaled() {
    // Σ_μ (ξ_μ·σ)² = N·σᵀWσ + N·p for the Hebbian W = (1/N) Σ ξξᵀ with zero diagonal, so the
    // n = 2 memory's energy is 2N·E_hopfield − N·p with E_hopfield = −½ σᵀWσ.
    int n = 30;
    int p = 5;
    byte[] xi = DenseTestMemories.randomSpins(p, n, 3);
    DenseMemory memory = DenseMemory.of(p, n, xi, InteractionFunction.power(2));
    byte[] s = DenseTestMemories.randomSpins(1, n, 4);
    double sws = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          double w = 0;
          for (int mu = 0; mu < p; mu++) {
            w += xi[mu * n + i] * xi[mu * n + j];
          }
          sws += s[i] * (w / n) * s[j];
        }
      }
    }
    double hopfield = -0.5 * sws;
    assertEquals(2 * n * hopfield - n * p, memory.energy(s, 0), 1e-9);
  }

  @Test
  void exponential_thousandUnits_energyAndGainsStayFinite() {
    int n = 1000;
    int p = 50;
    DenseMemory memory = DenseTestMemories.random(p, n, InteractionFunction.exponential(), 5);
    // the state equal to pattern 0: overlap 1000, e^1000 overflows a direct sum
    byte[] s = new byte[n];
    for (int i = 0; i < n; i++) {
      s[i] = memory.pattern(0, i);
    }
    DenseChains chains = new DenseChains(memory, 1, s, true);
    double e = chains.energy(0);
    assertTrue(Double.isFinite(e) && e <= -1000 && e > -1000 - Math.log(p) - 1e-9, "E = " + e);
    for (int i = 0; i < n; i++) {
      double d = chains.gain(0, i);
      // flipping one unit of the retrieved pattern lowers m_0 by 2: D_i ≈ 2σ_i (other overlaps ≪ 1000)
      assertTrue(Double.isFinite(d) && Math.abs(d - 2 * s[i]) < 1e-6, "D_" + i + " = " + d);
    }
  }

  @Test
  void gain_exponential_equalsLogDomainDifferenceAtLargeOverlaps() {
    // N = 600: e^600 is finite, so the direct sum is a reference the shifted one must match.
    int n = 600;
    DenseMemory memory = DenseTestMemories.random(4, n, InteractionFunction.exponential(), 8);
    byte[] s = new byte[n];
    for (int i = 0; i < n; i++) {
      s[i] = memory.pattern(2, i);
    }
    s[0] = (byte) -s[0];
    DenseChains chains = new DenseChains(memory, 1, s, true);
    for (int i = 0; i < n; i += 37) {
      byte[] plus = s.clone();
      plus[i] = 1;
      byte[] minus = s.clone();
      minus[i] = -1;
      double expected = DenseTestMemories.bruteForceEnergy(memory, minus)
          - DenseTestMemories.bruteForceEnergy(memory, plus);
      assertEquals(expected, chains.gain(0, i), 1e-9, "D_" + i);
    }
  }

  @Test
  void of_invalidInput_isRefusedWithTheRule() {
    byte[] xi = DenseTestMemories.randomSpins(2, 4, 1);
    assertThrows(IllegalArgumentException.class, () -> InteractionFunction.power(1));
    assertThrows(IllegalArgumentException.class, () -> new InteractionFunction(InteractionFunction.Kind.EXPONENTIAL, 3));
    byte[] bad = xi.clone();
    bad[5] = 0;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DenseMemory.of(2, 4, bad, InteractionFunction.power(3)));
    assertTrue(e.getMessage().contains("pattern 1, unit 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DenseMemory.of(3, 4, xi, InteractionFunction.power(3)));
    IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
        () -> DenseMemory.of(2, 4, xi, InteractionFunction.power(500)));
    assertTrue(high.getMessage().contains("1e300"), high.getMessage());
    // the largest accepted degree for N = 1000, p = 500 keeps every energy finite
    int n = 1000;
    int p = 500;
    int degree = 2;
    while (InteractionFunction.power(degree + 1).energiesFinite(n, p)) {
      degree++;
    }
    DenseMemory big = DenseTestMemories.random(p, n, InteractionFunction.power(degree), 2);
    byte[] s = new byte[n];
    Arrays.fill(s, (byte) 1);
    DenseChains chains = new DenseChains(big, 1, s, true);
    assertTrue(Double.isFinite(chains.energy(0)) && Double.isFinite(chains.gain(0, 0)), "degree " + degree);
    SplittableRandom rng = new SplittableRandom(1);
    assertTrue(Double.isFinite(big.energy(DenseTestMemories.randomSpins(1, n, rng.nextLong()), 0)));
  }
}
