package org.ebmsim.dynamics.ising;

import java.util.Arrays;

/**
 * A pairwise model over ±1 spins, {@code E(s) = -½ sᵀWs - bᵀs}, with W symmetric.
 *
 * <p>This is the energy of a Hopfield network and of a Boltzmann machine (whose visible and
 * hidden units are just a split of the same units). The diagonal of W is kept: for ±1 spins it
 * contributes the constant {@code -½ Σ W_ii} to every energy and nothing to local fields.
 * Immutable; arrays are defensively copied on construction and never exposed for writing.
 */
public final class IsingModel {
  private final int units;
  private final double[] weights; // row-major units × units, symmetric
  private final double[] bias;
  private final double diagonalEnergy; // -½ Σ W_ii

  private IsingModel(int units, double[] weights, double[] bias) {
    this.units = units;
    this.weights = weights;
    this.bias = bias;
    double trace = 0;
    for (int i = 0; i < units; i++) {
      trace += weights[i * units + i];
    }
    this.diagonalEnergy = -0.5 * trace;
  }

  /**
   * Validates and copies the parameters.
   *
   * @param weights row-major {@code units × units}, symmetric to {@code 1e-9·max|W|}, finite
   * @param bias length {@code units}, finite; {@code null} means zeros
   * @throws IllegalArgumentException naming the offending entry
   */
  public static IsingModel of(int units, double[] weights, double[] bias) {
    if (units < 1) {
      throw new IllegalArgumentException("units must be >= 1 (got " + units + ")");
    }
    if (weights.length != (long) units * units) {
      throw new IllegalArgumentException(
          "weights must have units*units = " + ((long) units * units) + " entries (got " + weights.length + ")");
    }
    double[] b = bias == null ? new double[units] : bias.clone();
    if (b.length != units) {
      throw new IllegalArgumentException("bias must have " + units + " entries (got " + b.length + ")");
    }
    for (int k = 0; k < weights.length; k++) {
      if (!Double.isFinite(weights[k])) {
        throw new IllegalArgumentException(
            "weights[" + k / units + "][" + k % units + "] is not finite (" + weights[k] + ")");
      }
    }
    for (int i = 0; i < units; i++) {
      if (!Double.isFinite(b[i])) {
        throw new IllegalArgumentException("bias[" + i + "] is not finite (" + b[i] + ")");
      }
    }
    checkSymmetric(units, weights, "weights");
    return new IsingModel(units, weights.clone(), b);
  }

  /**
   * Throws unless {@code |W_ij − W_ji| ≤ 1e-9·max|W|} for all i, j (row-major {@code units × units},
   * finite); the message names {@code field} and the first asymmetric pair.
   */
  public static void checkSymmetric(int units, double[] weights, String field) {
    double max = 0;
    for (double x : weights) {
      max = Math.max(max, Math.abs(x));
    }
    double tolerance = 1e-9 * max;
    for (int i = 0; i < units; i++) {
      for (int j = i + 1; j < units; j++) {
        double wij = weights[i * units + j];
        double wji = weights[j * units + i];
        if (Math.abs(wij - wji) > tolerance) {
          throw new IllegalArgumentException(field + " must be symmetric: W[" + i + "][" + j + "] = " + wij
              + " but W[" + j + "][" + i + "] = " + wji);
        }
      }
    }
  }

  public int units() {
    return units;
  }

  /** W_ij. */
  public double weight(int i, int j) {
    return weights[i * units + j];
  }

  /** b_i. */
  public double bias(int i) {
    return bias[i];
  }

  /** A copy of W, row-major. */
  public double[] weights() {
    return weights.clone();
  }

  /** A copy of b. */
  public double[] bias() {
    return bias.clone();
  }

  /** True if every W_ii is 0. */
  public boolean zeroDiagonal() {
    for (int i = 0; i < units; i++) {
      if (weights[i * units + i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** The weight array itself, for read-only sharing inside this package. */
  double[] weightsShared() {
    return weights;
  }

  /** The bias array itself, for read-only sharing inside this package. */
  double[] biasShared() {
    return bias;
  }

  /** Bytes held by the parameters. */
  public long heapBytes() {
    return 8L * ((long) weights.length + bias.length) + 64;
  }

  /** The constant {@code -½ Σ W_ii} every state's energy contains. */
  public double diagonalEnergy() {
    return diagonalEnergy;
  }

  /** Local field {@code h_i = Σ_{j≠i} W_ij s_j + b_i} of the state at {@code spins[offset ..]}. */
  public double localField(byte[] spins, int offset, int i) {
    double h = bias[i];
    int row = i * units;
    for (int j = 0; j < units; j++) {
      if (j != i) {
        h += weights[row + j] * spins[offset + j];
      }
    }
    return h;
  }

  /** {@code E(s) = -½ sᵀWs - bᵀs} of the state at {@code spins[offset .. offset+units)}. */
  public double energy(byte[] spins, int offset) {
    double quadratic = 0;
    double linear = 0;
    for (int i = 0; i < units; i++) {
      int si = spins[offset + i];
      int row = i * units;
      double wi = 0;
      for (int j = 0; j < units; j++) {
        wi += weights[row + j] * spins[offset + j];
      }
      quadratic += si * wi;
      linear += bias[i] * si;
    }
    return -0.5 * quadratic - linear;
  }

  /** Energy of a single state given as a full array. */
  public double energy(byte[] state) {
    return energy(state, 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IsingModel m && m.units == units && Arrays.equals(m.weights, weights)
        && Arrays.equals(m.bias, bias);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(weights) + Arrays.hashCode(bias);
  }
}
