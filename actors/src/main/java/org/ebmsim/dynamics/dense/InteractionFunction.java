package org.ebmsim.dynamics.dense;

/**
 * The interaction function F of a dense associative memory, applied to a pattern overlap
 * {@code x = ξ_μ·σ} (an integer in [−N, N]).
 *
 * <ul>
 *   <li>{@link Kind#POWER}: {@code F(x) = xⁿ}, n ≥ 2 (n = 2 is the Hebbian Hopfield network).
 *   <li>{@link Kind#RECTIFIED_POWER}: {@code F(x) = max(x, 0)ⁿ}, n ≥ 2.
 *   <li>{@link Kind#EXPONENTIAL}: {@code F(x) = eˣ}. Its energy {@code −Σ_μ e^{m_μ}} overflows
 *       float64 for overlaps above ~709, so the model works with the log-domain energy
 *       {@code −log Σ_μ e^{m_μ}} instead: a strictly increasing transform of the same energy, hence
 *       the same minima and the same zero-temperature dynamics; at temperature T its Boltzmann law
 *       is {@code p(σ) ∝ (Σ_μ e^{ξ_μ·σ})^{1/T}}. {@code degree} is 0.
 * </ul>
 *
 * @param kind which function
 * @param degree n for the polynomial kinds (≥ 2); 0 for the exponential
 */
public record InteractionFunction(Kind kind, int degree) {
  /** The families of F. */
  public enum Kind { POWER, RECTIFIED_POWER, EXPONENTIAL }

  /**
   * Largest |energy| accepted at creation: keeps every energy and energy difference of a
   * polynomial memory (at most p·(N+1)ⁿ in magnitude) ~8 orders of magnitude below float64's
   * overflow, so sums over patterns and chains stay finite.
   */
  public static final double MAX_ENERGY = 1e300;

  public InteractionFunction {
    if (kind == null) {
      throw new IllegalArgumentException("interaction kind is required");
    }
    if (kind == Kind.EXPONENTIAL ? degree != 0 : degree < 2) {
      throw new IllegalArgumentException(kind == Kind.EXPONENTIAL
          ? "the exponential interaction takes no degree (got " + degree + ")"
          : "the degree n of a polynomial interaction must be >= 2 (got " + degree + ")");
    }
  }

  public static InteractionFunction power(int n) {
    return new InteractionFunction(Kind.POWER, n);
  }

  public static InteractionFunction rectifiedPower(int n) {
    return new InteractionFunction(Kind.RECTIFIED_POWER, n);
  }

  public static InteractionFunction exponential() {
    return new InteractionFunction(Kind.EXPONENTIAL, 0);
  }

  /** F(x) straight from its definition (the reference the tabulated energies are built from). */
  public double value(double x) {
    return switch (kind) {
      case POWER -> Math.pow(x, degree);
      case RECTIFIED_POWER -> x > 0 ? Math.pow(x, degree) : 0;
      case EXPONENTIAL -> Math.exp(x);
    };
  }

  /**
   * log10 of the largest |energy| a memory of {@code count} patterns over {@code units} units
   * can reach: {@code p·Nⁿ} for the polynomials, {@code N + log p} (as a number, not a power)
   * for the log-domain exponential.
   */
  public double log10MaxEnergy(int units, int count) {
    return kind == Kind.EXPONENTIAL ? Math.log10(units + Math.log(count) + 1)
        : Math.log10(count) + degree * Math.log10(units + 1.0);
  }

  /** Whether memories of this size keep energies below {@link #MAX_ENERGY} (always for the exponential). */
  public boolean energiesFinite(int units, int count) {
    return log10MaxEnergy(units, count) <= Math.log10(MAX_ENERGY);
  }

  /** The model's energy as a formula, for descriptions. */
  public String energyFormula() {
    return switch (kind) {
      case POWER -> "E(σ) = -Σ_μ (ξ_μ·σ)^" + degree;
      case RECTIFIED_POWER -> "E(σ) = -Σ_μ max(ξ_μ·σ, 0)^" + degree;
      case EXPONENTIAL -> "E(σ) = -log Σ_μ exp(ξ_μ·σ)";
    };
  }

  /** Short name: "power-3", "rectified-power-3", "exponential". */
  public String label() {
    return switch (kind) {
      case POWER -> "power-" + degree;
      case RECTIFIED_POWER -> "rectified-power-" + degree;
      case EXPONENTIAL -> "exponential";
    };
  }
}
