package org.ebmsim.dynamics.sparse;

import org.ebmsim.dynamics.state.ValueType;

/**
 * What the kernels of one layer of a {@link SparseNetwork} share, built once per model: the
 * couplings inside the layer (local indices), its biases, its colouring, the couplings to the
 * partner layer (rows: this layer's units), and, when every coupling and bias is a small integer
 * and there is no partner, integer copies for the table-driven kernels.
 */
public final class SparseLayer {
  /** Largest |h| the integer kernels tabulate (their tables have 2·MAX_INTEGER_FIELD + 1 entries). */
  public static final int MAX_INTEGER_FIELD = 4096;

  private final int offset;
  private final SparseCouplings internal;
  private final double[] bias;
  private final GraphColouring colouring;
  private final SparseCouplings.Block inbound; // null without a partner
  private final byte[] integerValues; // null unless the integer kernels apply (|J| ≤ 127: a byte per entry)
  private final int[] integerBias;
  private final int maxIntegerField;
  private final ValueType values;
  private final int regularDegree; // d if every row has exactly d entries, else −1

  SparseLayer(SparseNetwork network, int from, int to, int partnerFrom, int partnerTo) {
    this.offset = from;
    this.values = network.values();
    SparseCouplings j = network.couplings();
    this.internal = from == 0 && to == j.units() ? j : j.block(from, to, from, to).asSquare("couplings");
    this.bias = java.util.Arrays.copyOfRange(network.bias(), from, to);
    this.colouring = GraphColouring.of(internal);
    int d = internal.units() > 0 ? internal.degree(0) : -1;
    for (int i = 1; i < internal.units() && d >= 0; i++) {
      d = internal.degree(i) == d ? d : -1;
    }
    this.regularDegree = d;
    this.inbound = partnerFrom < 0 ? null : j.block(from, to, partnerFrom, partnerTo);
    boolean integer = inbound == null && internal.integerValued() && maxAbs(internal.values()) <= Byte.MAX_VALUE;
    long maxField = 0;
    if (integer) {
      for (int i = 0; i < bias.length && integer; i++) {
        integer = bias[i] == Math.rint(bias[i]) && Math.abs(bias[i]) <= MAX_INTEGER_FIELD;
      }
      double rows = internal.maxAbsRowSum(); // O(nnz), once
      double maxBias = 0;
      for (double b : bias) {
        maxBias = Math.max(maxBias, Math.abs(b));
      }
      maxField = (long) Math.ceil(rows + maxBias);
      integer = integer && maxField <= MAX_INTEGER_FIELD;
    }
    if (integer) {
      double[] v = internal.values();
      this.integerValues = new byte[v.length];
      for (int k = 0; k < v.length; k++) {
        integerValues[k] = (byte) v[k];
      }
      this.integerBias = new int[bias.length];
      for (int i = 0; i < bias.length; i++) {
        integerBias[i] = (int) bias[i];
      }
      this.maxIntegerField = (int) maxField;
    } else {
      this.integerValues = null;
      this.integerBias = null;
      this.maxIntegerField = 0;
    }
  }

  /** d if every unit of the layer has exactly d neighbours inside it (lattices: 2·dimensions), else −1. */
  public int regularDegree() {
    return regularDegree;
  }

  /** Index of this layer's first unit in the network. */
  public int offset() {
    return offset;
  }

  public int units() {
    return internal.units();
  }

  public SparseCouplings internal() {
    return internal;
  }

  public double[] bias() {
    return bias;
  }

  public GraphColouring colouring() {
    return colouring;
  }

  /** Couplings to the partner layer (rows: this layer's units, columns: the partner's), or null. */
  public SparseCouplings.Block inbound() {
    return inbound;
  }

  /** True if the integer, table-driven kernels apply. */
  public boolean integer() {
    return integerValues != null;
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  byte[] integerValues() {
    return integerValues;
  }

  int[] integerBias() {
    return integerBias;
  }

  /** max_i (Σ_j |J_ij| + |b_i|), rounded up, when {@link #integer()}. */
  public int maxIntegerField() {
    return maxIntegerField;
  }

  public ValueType values() {
    return values;
  }

  /** Low value: −1 (spin) or 0 (binary). */
  public byte low() {
    return (byte) values.low();
  }

  /** high − low: 2 (spin) or 1 (binary). */
  public int gap() {
    return values == ValueType.SPIN ? 2 : 1;
  }

  /** Local field from inside the layer: Σ_j J_ij s_j + b_i (chain state at {@code s[base ..]}). */
  public double internalField(byte[] s, int base, int i) {
    return internal.field(s, base, i) + bias[i];
  }

  /** −½ sᵀJs − bᵀs of the layer's own units (no partner term). */
  public double internalEnergy(byte[] s, int base) {
    int n = units();
    double quadratic = 0;
    double linear = 0;
    for (int i = 0; i < n; i++) {
      int si = s[base + i];
      if (si != 0) {
        quadratic += si * internal.field(s, base, i);
        linear += bias[i] * si;
      }
    }
    return -0.5 * quadratic - linear;
  }

  /** Bytes held beyond the network's own arrays. */
  public long heapBytes(boolean sharesNetworkCouplings) {
    long b = colouring.heapBytes() + 8L * bias.length + 64;
    if (!sharesNetworkCouplings) {
      b += internal.heapBytes();
    }
    if (inbound != null) {
      b += inbound.heapBytes();
    }
    if (integerValues != null) {
      b += integerValues.length + 4L * integerBias.length;
    }
    return b;
  }
}
