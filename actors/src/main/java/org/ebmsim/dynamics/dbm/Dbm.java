package org.ebmsim.dynamics.dbm;

import org.ebmsim.dynamics.state.ValueType;

/**
 * A deep Boltzmann machine: layers of sizes {@code n_0 … n_L} (layer 0 visible), couplings
 * {@code W_l} (n_l × n_{l+1}, row-major) between neighbours only, biases {@code b_l}, and units in
 * {0,1} or {−1,+1}: {@code E(s) = −Σ_l b_lᵀ s_l − Σ_{l<L} s_lᵀ W_l s_{l+1}}, law ∝ e^{−E/T}.
 *
 * <p>Immutable; parameters are validated and copied, kept in float64 for exact computations and
 * in float32 for sampling.
 */
public final class Dbm {
  private final ValueType units;
  private final int[] sizes;
  private final double[][] weights;
  private final double[][] biases;
  final float[][] weightsF;
  final float[][] biasesF;

  private Dbm(ValueType units, int[] sizes, double[][] weights, double[][] biases) {
    this.units = units;
    this.sizes = sizes;
    this.weights = weights;
    this.biases = biases;
    this.weightsF = new float[weights.length][];
    for (int l = 0; l < weights.length; l++) {
      weightsF[l] = toFloat(weights[l]);
    }
    this.biasesF = new float[biases.length][];
    for (int l = 0; l < biases.length; l++) {
      biasesF[l] = toFloat(biases[l]);
    }
  }

  private static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int k = 0; k < x.length; k++) {
      f[k] = (float) x[k];
    }
    return f;
  }

  /**
   * Validates and copies the parameters.
   *
   * @param units {@link ValueType#BINARY} or {@link ValueType#SPIN}
   * @param sizes units per layer, L+1 ≥ 2 entries, each ≥ 1
   * @param weights L matrices, weights[l] row-major sizes[l] × sizes[l+1], finite
   * @param biases L+1 vectors (or null for all zeros; a null entry means zeros), finite
   * @throws IllegalArgumentException naming the offending entry
   */
  public static Dbm of(ValueType units, int[] sizes, double[][] weights, double[][] biases) {
    if (units != ValueType.BINARY && units != ValueType.SPIN) {
      throw new IllegalArgumentException("units must be BINARY or SPIN (got " + units + ")");
    }
    if (sizes == null || sizes.length < 2) {
      throw new IllegalArgumentException("a deep Boltzmann machine needs at least 2 layers");
    }
    for (int l = 0; l < sizes.length; l++) {
      if (sizes[l] < 1) {
        throw new IllegalArgumentException("layer " + l + " must have >= 1 units (got " + sizes[l] + ")");
      }
    }
    if (weights == null || weights.length != sizes.length - 1) {
      throw new IllegalArgumentException("weights must have one matrix per pair of layers: " + (sizes.length - 1));
    }
    double[][] w = new double[weights.length][];
    for (int l = 0; l < weights.length; l++) {
      if (weights[l].length != (long) sizes[l] * sizes[l + 1]) {
        throw new IllegalArgumentException("weights[" + l + "] must be " + sizes[l] + " x " + sizes[l + 1] + " (got "
            + weights[l].length + " entries)");
      }
      for (int k = 0; k < weights[l].length; k++) {
        if (!Double.isFinite(weights[l][k])) {
          throw new IllegalArgumentException("weights[" + l + "][" + k / sizes[l + 1] + "][" + k % sizes[l + 1]
              + "] must be finite (got " + weights[l][k] + ")");
        }
      }
      w[l] = weights[l].clone();
    }
    double[][] b = new double[sizes.length][];
    for (int l = 0; l < sizes.length; l++) {
      double[] given = biases == null ? null : biases[l];
      if (given == null) {
        b[l] = new double[sizes[l]];
        continue;
      }
      if (given.length != sizes[l]) {
        throw new IllegalArgumentException("biases[" + l + "] must have " + sizes[l] + " entries (got " + given.length
            + ")");
      }
      for (int i = 0; i < given.length; i++) {
        if (!Double.isFinite(given[i])) {
          throw new IllegalArgumentException("biases[" + l + "][" + i + "] must be finite (got " + given[i] + ")");
        }
      }
      b[l] = given.clone();
    }
    return new Dbm(units, sizes.clone(), w, b);
  }

  /**
   * Largest field a unit sampled in float32 may receive (as for RBMs: a 34th of float32's
   * 3.4e38, leaving room for the bias, the ×2 of spin conditionals and rounding).
   */
  public static final double MAX_FLOAT32_FIELD = 1e37;

  /**
   * Why sampling in float32 would overflow, naming the parameters under {@code field} (e.g.
   * "dbm") and the bound; null when every unit's largest field, {@code |b_l,i|} plus the |weights|
   * to both neighbouring layers, stays within {@link #MAX_FLOAT32_FIELD}. Unit values are at most
   * 1 in magnitude, so this holds for every state; a temperature only scales a field in float64.
   */
  public String float32Problem(String field) {
    for (int l = 0; l < sizes.length; l++) {
      for (int i = 0; i < sizes[l]; i++) {
        double reach = Math.abs(biases[l][i]);
        if (l > 0) { // from layer l-1: column i of W_{l-1}
          for (int k = 0; k < sizes[l - 1]; k++) {
            reach += Math.abs(weights[l - 1][k * sizes[l] + i]);
          }
        }
        if (l + 1 < sizes.length) { // to layer l+1: row i of W_l
          for (int k = 0; k < sizes[l + 1]; k++) {
            reach += Math.abs(weights[l][i * sizes[l + 1] + k]);
          }
        }
        if (!(reach <= MAX_FLOAT32_FIELD)) {
          return field + ".weights, " + field + ".biases: unit " + i + " of layer " + l + " can receive a field of up"
              + " to |b| + Σ |W| over its neighbours = " + reach + ", above " + MAX_FLOAT32_FIELD + ", the most a"
              + " unit sampled in float32 may receive; scale the weights and biases down";
        }
      }
    }
    return null;
  }

  public ValueType units() {
    return units;
  }

  /** Number of layers, L + 1. */
  public int layers() {
    return sizes.length;
  }

  public int size(int layer) {
    return sizes[layer];
  }

  /** A copy of the layer sizes. */
  public int[] sizes() {
    return sizes.clone();
  }

  /** Units over all layers. */
  public int totalUnits() {
    int n = 0;
    for (int s : sizes) {
      n += s;
    }
    return n;
  }

  /** A copy of W_l (n_l × n_{l+1}). */
  public double[] weights(int l) {
    return weights[l].clone();
  }

  /** W_l[i][j]. */
  public double weight(int l, int i, int j) {
    return weights[l][i * sizes[l + 1] + j];
  }

  /** A copy of b_l. */
  public double[] bias(int l) {
    return biases[l].clone();
  }

  /** The low value of a unit: 0 for binary units, −1 for spins. */
  public double low() {
    return units == ValueType.SPIN ? -1 : 0;
  }

  /** Bytes the parameters hold. */
  public long heapBytes() {
    long n = 128;
    for (double[] w : weights) {
      n += 12L * w.length;
    }
    for (double[] b : biases) {
      n += 12L * b.length;
    }
    return n;
  }

  /** {@code E(s) = −Σ_l b_lᵀ s_l − Σ_l s_lᵀ W_l s_{l+1}} of one state (one array per layer). */
  public double energy(double[][] s) {
    if (s.length != sizes.length) {
      throw new IllegalArgumentException("state must have " + sizes.length + " layers (got " + s.length + ")");
    }
    double e = 0;
    for (int l = 0; l < sizes.length; l++) {
      if (s[l].length != sizes[l]) {
        throw new IllegalArgumentException("layer " + l + " must have " + sizes[l] + " units (got " + s[l].length
            + ")");
      }
      for (int i = 0; i < sizes[l]; i++) {
        e -= biases[l][i] * s[l][i];
      }
    }
    for (int l = 0; l + 1 < sizes.length; l++) {
      int m = sizes[l + 1];
      for (int i = 0; i < sizes[l]; i++) {
        if (s[l][i] == 0) {
          continue;
        }
        double row = 0;
        for (int j = 0; j < m; j++) {
          row += weights[l][i * m + j] * s[l + 1][j];
        }
        e -= s[l][i] * row;
      }
    }
    return e;
  }
}
