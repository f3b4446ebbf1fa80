package org.ebmsim.dynamics.planted;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Planted frustrated loops: on 4 × 4 periodic lattices (N = 16; 5 seeds × 3 loop densities) a
 * brute-force walk over all 2^16 states finds no energy below the planted state's, whose energy is
 * the constructed E₀ = −Σ (len − 2); couplings are symmetric integers on lattice edges only, and
 * the same seed gives the same instance.
 */
class PlantedLoopsTest {
  private static double energy(double[] w, int n, int[] s) {
    double e = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        e -= w[i * n + j] * s[i] * s[j];
      }
    }
    return e;
  }

  private static double bruteForceGround(double[] w, int n) {
    double best = Double.POSITIVE_INFINITY;
    int[] s = new int[n];
    for (long state = 0; state < (1L << n); state++) {
      for (int i = 0; i < n; i++) {
        s[i] = ((state >>> i) & 1) == 1 ? 1 : -1;
      }
      best = Math.min(best, energy(w, n, s));
    }
    return best;
  }

  @Test
  void thePlantedState_isAGroundState_withTheConstructedEnergy() {
    for (long seed = 1; seed <= 5; seed++) {
      for (double density : new double[] {0.3, 1, 3}) {
        PlantedLoops.Instance p = PlantedLoops.lattice(2, 4, density, seed);
        int n = p.units();
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
          g[i] = p.planted()[i];
        }
        assertEquals(p.groundEnergy(), energy(p.couplings(), n, g), 1e-12, "E(g) = E0");
        assertEquals(p.groundEnergy(), bruteForceGround(p.couplings(), n), 1e-12,
            "nothing lies below the planted state (seed " + seed + ", density " + density + ")");
        assertTrue(p.groundEnergy() < 0);
      }
    }
  }

  @Test
  void couplings_areSymmetricIntegers_onLatticeEdgesOnly_andSeedsRepeat() {
    PlantedLoops.Instance p = PlantedLoops.lattice(3, 5, 2, 7);
    int n = p.units();
    assertEquals(125, n);
    int[] nb = new int[6];
    for (int a = 0; a < n; a++) {
      assertEquals(0, p.couplings()[a * n + a]);
      PlantedLoops.neighbours(a, 3, 5, nb);
      for (int b = 0; b < n; b++) {
        double w = p.couplings()[a * n + b];
        assertEquals(w, p.couplings()[b * n + a]);
        assertEquals(Math.rint(w), w);
        boolean neighbour = false;
        for (int x : nb) {
          neighbour |= x == b;
        }
        assertTrue(w == 0 || neighbour, "coupling off the lattice at " + a + "," + b);
      }
    }
    assertEquals(250, p.loops());
    assertTrue(p.meanLoopLength() >= 4, "a cubic lattice has no cycle shorter than 4 (side 5)");
    PlantedLoops.Instance again = PlantedLoops.lattice(3, 5, 2, 7);
    assertArrayEquals(p.couplings(), again.couplings());
    assertArrayEquals(p.planted(), again.planted());
  }

  @Test
  void settingsOutOfRange_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> PlantedLoops.lattice(4, 3, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> PlantedLoops.lattice(2, 2, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> PlantedLoops.lattice(2, 8, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> PlantedLoops.lattice(2, 8, 11, 1));
  }
}
