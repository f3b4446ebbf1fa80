package org.ebmsim.dynamics.layered;

/**
 * The energy of a chain of layers from per-layer terms: {@code E = Σ_a own[a] − Σ_{a≥1}
 * coupling[a]}, where {@code own[a]} and {@code coupling[a]} are {@link LayerDynamics#ownEnergy}
 * and {@link LayerDynamics#couplingBelow}. Own terms are added first in layer order, then the
 * couplings subtracted in layer order, so that an implementation whose whole-network energy sums
 * in that order gets the same double.
 */
public final class LayeredEnergy {
  private LayeredEnergy() {}

  /** {@code Σ own − Σ_{a≥1} coupling[a]}; neither array is modified. */
  public static double total(double[] own, double[] coupling) {
    double e = 0;
    for (double l : own) {
      e += l;
    }
    for (int a = 1; a < coupling.length; a++) {
      e -= coupling[a];
    }
    return e;
  }

  /** {@code max_i |after_i − before_i|}: how far a step moved the layer; neither array is modified. */
  public static double maxChange(double[] before, double[] after) {
    double m = 0;
    for (int i = 0; i < before.length; i++) {
      m = Math.max(m, Math.abs(after[i] - before[i]));
    }
    return m;
  }
}
