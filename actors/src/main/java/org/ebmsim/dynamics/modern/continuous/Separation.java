package org.ebmsim.dynamics.modern.continuous;

/**
 * How well a stored pattern stands apart from the others, and what that guarantees for one update
 * (Ramsauer et al., Sec. 2 and Theorems 3–4 of "Hopfield networks is all you need").
 *
 * <p>Separation of pattern i: {@code Δ_i = ξ_i·ξ_i − max_{j≠i} ξ_i·ξ_j}. For a query q near ξ_i,
 * {@code ξ_i·q − ξ_j·q = Δ_ij + (ξ_i − ξ_j)·(q − ξ_i) ≥ Δ_i − 2M‖q − ξ_i‖} (Cauchy–Schwarz,
 * {@code ‖ξ_i − ξ_j‖ ≤ 2M}), so every other logit trails pattern i's by at least
 * {@code β Δ̃}, {@code Δ̃ = Δ_i − 2M‖q − ξ_i‖}, and the softmax weight of pattern i is
 * {@code 1/(1 + Σ_{j≠i} e^{−β(ξ_i·q − ξ_j·q)}) ≥ 1 − (p−1) e^{−β Δ̃}}. The update then lands within
 * {@code 2(p−1) e^{−βΔ̃} M} of ξ_i (the paper's retrieval-error bound): one update retrieves.
 * The paper calls ξ_i well separated when {@code Δ_i ≥ 2/(βp) + β⁻¹ log(2(p−1) p β M²)}; then the
 * update maps a sphere around ξ_i into itself and has a fixed point there.
 *
 * <p>All in double precision on the network's float32 patterns; each call is O(pN).
 */
public final class Separation {
  private Separation() {}

  /** {@code Δ_i = ξ_i·ξ_i − max_{j≠i} ξ_i·ξ_j}; +∞ when only one pattern is stored. */
  public static double of(ModernHopfield network, int i) {
    int p = network.patternCount();
    if (i < 0 || i >= p) {
      throw new IllegalArgumentException("pattern index must be in [0, " + p + ") (got " + i + ")");
    }
    float[] xi = network.patternArray();
    int n = network.units();
    double self = dot(xi, i * n, xi, i * n, n);
    double other = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < p; j++) {
      if (j != i) {
        other = Math.max(other, dot(xi, i * n, xi, j * n, n));
      }
    }
    return self - other;
  }

  /** The paper's well-separation threshold {@code 2/(βp) + β⁻¹ log(2(p−1) p β M²)} (−∞ for p = 1). */
  public static double wellSeparatedThreshold(ModernHopfield network) {
    int p = network.patternCount();
    double beta = network.inverseTemperature();
    if (p == 1) {
      return Double.NEGATIVE_INFINITY;
    }
    return 2 / (beta * p) + Math.log(2.0 * (p - 1) * p * beta * network.maxNormSquared()) / beta;
  }

  /**
   * A guaranteed lower bound on the softmax weight of pattern i for {@code query}:
   * {@code max(0, 1 − (p−1) e^{−β(Δ_i − 2M‖q − ξ_i‖)})} (derivation in the class comment).
   *
   * @throws IllegalArgumentException if {@code query} does not have N entries
   */
  public static double weightLowerBound(ModernHopfield network, int i, float[] query) {
    int n = network.units();
    if (query.length != n) {
      throw new IllegalArgumentException("query must have N = " + n + " entries (got " + query.length + ")");
    }
    double separation = of(network, i); // checks i
    float[] xi = network.patternArray();
    double distance = 0;
    for (int k = 0; k < n; k++) {
      double d = (double) query[k] - xi[i * n + k];
      distance += d * d;
    }
    double margin = separation - 2 * Math.sqrt(network.maxNormSquared()) * Math.sqrt(distance);
    double tail = (network.patternCount() - 1) * Math.exp(-network.inverseTemperature() * margin);
    return Math.max(0, 1 - tail);
  }

  private static double dot(float[] a, int ao, float[] b, int bo, int n) {
    double s = 0;
    for (int k = 0; k < n; k++) {
      s += (double) a[ao + k] * b[bo + k];
    }
    return s;
  }
}
