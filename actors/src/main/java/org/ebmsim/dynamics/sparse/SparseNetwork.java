package org.ebmsim.dynamics.sparse;

import org.ebmsim.dynamics.state.ValueType;

/**
 * An Ising model / Boltzmann machine on a sparse graph: couplings J (symmetric CSR, zero
 * diagonal), biases b, units in {−1, +1} or {0, 1}, the first {@code visibleUnits} visible and
 * the rest hidden, with {@code E(s) = −½ sᵀJs − bᵀs}. Immutable.
 */
public final class SparseNetwork {
  private final SparseCouplings couplings;
  private final double[] bias;
  private final ValueType values;
  private final int visibleUnits;

  /**
   * @param bias length N, finite
   * @param values SPIN or BINARY
   * @param visibleUnits in [1, N]
   * @throws IllegalArgumentException otherwise
   */
  public SparseNetwork(SparseCouplings couplings, double[] bias, ValueType values, int visibleUnits) {
    int n = couplings.units();
    if (bias.length != n) {
      throw new IllegalArgumentException("bias must have " + n + " entries (got " + bias.length + ")");
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(bias[i])) {
        throw new IllegalArgumentException("bias[" + i + "] must be finite (got " + bias[i] + ")");
      }
    }
    if (values != ValueType.SPIN && values != ValueType.BINARY) {
      throw new IllegalArgumentException("units must be SPIN or BINARY (got " + values + ")");
    }
    if (visibleUnits < 1 || visibleUnits > n) {
      throw new IllegalArgumentException("visible units must be in [1, " + n + "] (got " + visibleUnits + ")");
    }
    this.couplings = couplings;
    this.bias = bias;
    this.values = values;
    this.visibleUnits = visibleUnits;
  }

  public SparseCouplings couplings() {
    return couplings;
  }

  /** Read only. */
  public double[] bias() {
    return bias;
  }

  public ValueType values() {
    return values;
  }

  public int units() {
    return couplings.units();
  }

  public int visibleUnits() {
    return visibleUnits;
  }

  public int hiddenUnits() {
    return units() - visibleUnits;
  }

  /** The low value of a unit (−1 or 0). */
  public byte low() {
    return (byte) values.low();
  }

  /** E(s) = −½ sᵀJs − bᵀs of the full state at {@code s[offset .. offset+N)}, in float64. */
  public double energy(byte[] s, int offset) {
    int n = units();
    double quadratic = 0;
    double linear = 0;
    for (int i = 0; i < n; i++) {
      int si = s[offset + i];
      if (si != 0) {
        quadratic += si * couplings.field(s, offset, i);
        linear += bias[i] * si;
      }
    }
    return -0.5 * quadratic - linear;
  }

  /** Local field h_i = Σ_j J_ij s_j + b_i. */
  public double localField(byte[] s, int offset, int i) {
    return couplings.field(s, offset, i) + bias[i];
  }

  public long heapBytes() {
    return couplings.heapBytes() + 8L * bias.length + 64;
  }
}
