package org.ebmsim.dynamics.modern.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Separation Δ_i, the well-separation threshold and the weight bound, by hand on small patterns. */
class SeparationTest {

  /** ξ₀ = (2,0), ξ₁ = (1,1), ξ₂ = (0,−1): Δ₀ = 4 − max(2, 0) = 2, Δ₁ = 2 − max(2, −1) = 0, Δ₂ = 1 − max(0, −1) = 1. */
  @Test
  void of_isSelfOverlapMinusLargestOtherOverlap() {
    ModernHopfield net = ModernHopfield.of(3, 2, new float[] {2, 0, 1, 1, 0, -1}, 1);
    assertEquals(2, Separation.of(net, 0));
    assertEquals(0, Separation.of(net, 1));
    assertEquals(1, Separation.of(net, 2));
    assertEquals(Double.POSITIVE_INFINITY, Separation.of(ModernHopfield.of(1, 2, new float[] {1, 1}, 1), 0));
    assertThrows(IllegalArgumentException.class, () -> Separation.of(net, 3));
  }

  /** 2/(βp) + β⁻¹ log(2(p−1)pβM²) with p = 3, β = 2, M² = 4: 1/3 + ½ log 96. */
  @Test
  void wellSeparatedThreshold_followsThePaper() {
    ModernHopfield net = ModernHopfield.of(3, 2, new float[] {2, 0, 1, 1, 0, -1}, 2);
    assertEquals(1.0 / 3 + 0.5 * Math.log(96), Separation.wellSeparatedThreshold(net), 1e-12);
  }

  /**
   * Two patterns ±e₁·a, query q = (x, y): the weight of ξ₀ is exactly σ(2βax); the bound
   * 1 − e^{−β(Δ − 2M‖q − ξ₀‖)} (Δ = 2a², M = a) must never exceed it; at q = ξ₀ it is 1 − e^{−2βa²}.
   */
  @Test
  void weightLowerBound_neverExceedsTheExactWeight() {
    double a = 1.5;
    double beta = 3;
    ModernHopfield net = ModernHopfield.of(2, 2, new float[] {(float) a, 0, (float) -a, 0}, beta);
    for (double x = -1; x <= 3; x += 0.25) {
      for (double y = -1; y <= 1; y += 0.5) {
        double exact = 1 / (1 + Math.exp(-2 * beta * a * x));
        double bound = Separation.weightLowerBound(net, 0, new float[] {(float) x, (float) y});
        assertEquals(true, bound <= exact + 1e-15, "q = (" + x + ", " + y + "): bound " + bound + " > " + exact);
      }
    }
    assertEquals(1 - Math.exp(-beta * 2 * a * a), Separation.weightLowerBound(net, 0, new float[] {(float) a, 0}),
        1e-15);
    assertThrows(IllegalArgumentException.class, () -> Separation.weightLowerBound(net, 0, new float[3]));
  }
}
