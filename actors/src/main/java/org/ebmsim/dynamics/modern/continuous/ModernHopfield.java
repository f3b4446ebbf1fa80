package org.ebmsim.dynamics.modern.continuous;

import org.ebmsim.dynamics.blas.FloatMatrix;

/**
 * A modern continuous Hopfield network (Ramsauer et al., "Hopfield networks is all you need"):
 * {@code p} stored real patterns ξ_μ ∈ ℝᴺ (rows of ξ) and an inverse temperature β &gt; 0.
 *
 * <p>Energy of a state v ∈ ℝᴺ, with {@code M = max_μ ‖ξ_μ‖}:
 * <pre>
 *   E(v) = −β⁻¹ log Σ_μ exp(β ξ_μ·v) + ½ vᵀv + β⁻¹ log p + ½ M²
 * </pre>
 * which is MATH.md's model-B energy {@code E_B} at inverse temperature β plus the constants
 * {@code β⁻¹ log p + ½ M²} that make E ≥ 0 (Ramsauer's form). The update
 * {@code v ← ξᵀ softmax(β ξ v)} is its concave–convex procedure step, so E never increases under it.
 *
 * <p>Owns a float32 copy of the patterns (the precision the batched update multiplies in);
 * immutable and thread-safe. The batched update lives in {@link ModernHopfieldDynamics}; this class
 * holds the model and evaluates the energy exactly (double precision) for single states.
 */
public final class ModernHopfield {
  private final int patternCount;
  private final int units;
  private final float[] patterns;
  private final double inverseTemperature;
  private final double maxNormSquared;

  private ModernHopfield(int patternCount, int units, float[] patterns, double inverseTemperature) {
    this.patternCount = patternCount;
    this.units = units;
    this.patterns = patterns;
    this.inverseTemperature = inverseTemperature;
    double max = 0;
    for (int mu = 0; mu < patternCount; mu++) {
      double sq = 0;
      int row = mu * units;
      for (int i = 0; i < units; i++) {
        double x = patterns[row + i];
        sq += x * x;
      }
      max = Math.max(max, sq);
    }
    this.maxNormSquared = max;
  }

  /**
   * A network storing the rows of {@code patterns} (copied) at inverse temperature β.
   *
   * @throws IllegalArgumentException if there is no pattern or no unit, an entry is not finite, or
   *     β is not a finite number &gt; 0
   */
  public static ModernHopfield of(FloatMatrix patterns, double inverseTemperature) {
    return of(patterns.rows(), patterns.cols(), patterns.data(), inverseTemperature);
  }

  /**
   * A network storing {@code patterns} (row-major {@code patternCount × units}, copied) at inverse
   * temperature β.
   *
   * @throws IllegalArgumentException as {@link #of(FloatMatrix, double)}, or if the array length is not
   *     {@code patternCount × units}
   */
  public static ModernHopfield of(int patternCount, int units, float[] patterns, double inverseTemperature) {
    checkInverseTemperature(inverseTemperature);
    if (patternCount < 1) {
      throw new IllegalArgumentException("at least one stored pattern is needed (got " + patternCount + ")");
    }
    if (units < 1) {
      throw new IllegalArgumentException("patterns need at least 1 unit (got " + units + ")");
    }
    if (patterns.length != (long) patternCount * units) {
      throw new IllegalArgumentException("patterns must have p*N = " + ((long) patternCount * units)
          + " entries (got " + patterns.length + ")");
    }
    for (int k = 0; k < patterns.length; k++) {
      if (!Float.isFinite(patterns[k])) {
        throw new IllegalArgumentException("patterns[" + k / units + "][" + k % units + "] must be finite (got "
            + patterns[k] + ")");
      }
    }
    return new ModernHopfield(patternCount, units, patterns.clone(), inverseTemperature);
  }

  /** A network storing {@code patterns} (row-major, rounded to float32) at inverse temperature β. */
  public static ModernHopfield of(int patternCount, int units, double[] patterns, double inverseTemperature) {
    if (patterns.length != (long) patternCount * units) {
      throw new IllegalArgumentException("patterns must have p*N = " + ((long) patternCount * units)
          + " entries (got " + patterns.length + ")");
    }
    float[] f = new float[patterns.length];
    for (int k = 0; k < f.length; k++) {
      f[k] = (float) patterns[k];
    }
    return of(patternCount, units, f, inverseTemperature);
  }

  /** The same patterns at another inverse temperature (shares the pattern array; both are immutable). */
  public ModernHopfield withInverseTemperature(double inverseTemperature) {
    checkInverseTemperature(inverseTemperature);
    return new ModernHopfield(patternCount, units, patterns, inverseTemperature);
  }

  static void checkInverseTemperature(double beta) {
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("inverse temperature beta must be a finite number > 0 (got " + beta + ")");
    }
  }

  /** Number of stored patterns p. */
  public int patternCount() {
    return patternCount;
  }

  /** Units per pattern and state, N. */
  public int units() {
    return units;
  }

  /** β. */
  public double inverseTemperature() {
    return inverseTemperature;
  }

  /** {@code M² = max_μ ‖ξ_μ‖²}. */
  public double maxNormSquared() {
    return maxNormSquared;
  }

  /** {@code M/√N}: the root-mean-square entry of the longest pattern, the scale states live at. */
  public double entryScale() {
    return Math.sqrt(maxNormSquared / units);
  }

  /** The state-independent part of the energy, {@code β⁻¹ log p + ½ M²}. */
  public double energyConstant() {
    return Math.log(patternCount) / inverseTemperature + 0.5 * maxNormSquared;
  }

  /** Entry {@code ξ_μ,i}. */
  public float pattern(int mu, int i) {
    return patterns[mu * units + i];
  }

  /** A copy of pattern ξ_μ. */
  public float[] pattern(int mu) {
    if (mu < 0 || mu >= patternCount) {
      throw new IllegalArgumentException("pattern index must be in [0, " + patternCount + ") (got " + mu + ")");
    }
    float[] copy = new float[units];
    System.arraycopy(patterns, mu * units, copy, 0, units);
    return copy;
  }

  /** The patterns, row-major {@code p × N}; package-private so the dynamics read them without a copy. */
  float[] patternArray() {
    return patterns;
  }

  /**
   * {@code E(v)} in double precision (dot products accumulated in double, max-shifted log-sum-exp),
   * O(pN). The exact reference for a single state; batches go through
   * {@link ModernHopfieldDynamics#energies}.
   *
   * @throws IllegalArgumentException if {@code state} does not have N finite entries
   */
  public double energy(float[] state) {
    checkState(state);
    return energy(state, 0, new double[patternCount]);
  }

  /**
   * {@code E} of the state at {@code states[offset .. offset+N)}, as {@link #energy(float[])} but
   * unchecked and with the caller's scratch for the p logits (the session kernel's hot path).
   */
  double energy(float[] states, int offset, double[] logits) {
    logits(states, offset, logits);
    double squared = 0;
    for (int i = 0; i < units; i++) {
      double x = states[offset + i];
      squared += x * x;
    }
    return -logSumExp(logits) / inverseTemperature + 0.5 * squared + energyConstant();
  }

  /** {@code z_μ = β ξ_μ·v} for the state at {@code states[offset ..]}, dot products in double. */
  void logits(float[] states, int offset, double[] z) {
    for (int mu = 0; mu < patternCount; mu++) {
      int row = mu * units;
      double dot = 0;
      for (int i = 0; i < units; i++) {
        dot += (double) patterns[row + i] * states[offset + i];
      }
      z[mu] = inverseTemperature * dot;
    }
  }

  /**
   * The attention weights {@code softmax(β ξ v)} of a state, in double precision: which stored
   * patterns the next update averages, and how much of each. One weight near 1 means a pattern is
   * retrieved; weight spread over several means a metastable average.
   *
   * @throws IllegalArgumentException if {@code state} does not have N finite entries
   */
  public double[] weights(float[] state) {
    checkState(state);
    double[] w = new double[patternCount];
    logits(state, 0, w);
    softmaxInPlace(w);
    return w;
  }

  /** Replaces logits by their softmax, max-shifted so nothing overflows. */
  static void softmaxInPlace(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : z) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (int k = 0; k < z.length; k++) {
      z[k] = Math.exp(z[k] - max);
      sum += z[k];
    }
    for (int k = 0; k < z.length; k++) {
      z[k] /= sum;
    }
  }

  /** {@code log Σ exp(z_μ)} computed as {@code m + log Σ exp(z_μ − m)}, m = max z, so nothing overflows. */
  static double logSumExp(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : z) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (double x : z) {
      sum += Math.exp(x - max);
    }
    return max + Math.log(sum);
  }

  private void checkState(float[] state) {
    if (state.length != units) {
      throw new IllegalArgumentException("state must have N = " + units + " entries like the patterns (got "
          + state.length + ")");
    }
    for (int i = 0; i < units; i++) {
      if (!Float.isFinite(state[i])) {
        throw new IllegalArgumentException("state[" + i + "] must be finite (got " + state[i] + ")");
      }
    }
  }

  @Override
  public String toString() {
    return "ModernHopfield[p=" + patternCount + ", N=" + units + ", beta=" + inverseTemperature + "]";
  }
}
