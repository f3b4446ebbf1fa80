package org.ebmsim.dynamics.ising;

import org.ebmsim.dynamics.simd.ElementwiseKernels;
import org.ebmsim.dynamics.simd.Kernels;

/**
 * The part of an {@link IsingModel} one layer of units needs: couplings within the layer, its
 * bias, and couplings to one partner layer.
 *
 * <p>A Hopfield network is a single layer with no partner. A Boltzmann machine with hidden units
 * is split into a visible layer (units {@code 0..V-1}) and a hidden layer (the rest): each layer
 * sweeps its own units using its internal couplings plus an external field sent by the partner,
 * {@code ext = W_{L,P} s_P}, computed by the partner with {@link #fieldOnPartner}. Immutable.
 */
public final class LayerCouplings {
  private final int offset;
  private final int units;
  private final int partnerUnits;
  private final double[] internal; // units × units, zero diagonal
  private final float[] internalFloat; // the same rounded to float32, or null if some would not keep 7 digits
  private final double[] bias;
  private final double[] toPartner; // units × partnerUnits: W[this_i][partner_j]
  private final double diagonalEnergy;
  private final ElementwiseKernels kernels = Kernels.get();

  private LayerCouplings(int offset, int units, int partnerUnits, double[] internal, double[] bias,
      double[] toPartner, double diagonalEnergy) {
    this.offset = offset;
    this.units = units;
    this.partnerUnits = partnerUnits;
    this.internal = internal;
    this.internalFloat = floatCopy(internal);
    this.bias = bias;
    this.toPartner = toPartner;
    this.diagonalEnergy = diagonalEnergy;
  }

  /**
   * The whole model as one layer. Shares the model's weight array when its diagonal is zero (the
   * usual case), so a stored network is held once, not once per session.
   */
  public static LayerCouplings single(IsingModel model) {
    int n = model.units();
    if (model.diagonalEnergy() == 0 && model.zeroDiagonal()) {
      return new LayerCouplings(0, n, 0, model.weightsShared(), model.biasShared(), new double[0], 0);
    }
    return block(model, 0, n, 0, 0);
  }

  /**
   * Splits the model into visible units {@code [0, visibleUnits)} and hidden units
   * {@code [visibleUnits, N)}; returns {visible, hidden}.
   */
  public static LayerCouplings[] visibleHidden(IsingModel model, int visibleUnits) {
    int n = model.units();
    if (visibleUnits < 1 || visibleUnits >= n) {
      throw new IllegalArgumentException(
          "visible units must be in [1, " + (n - 1) + "] (got " + visibleUnits + ")");
    }
    return new LayerCouplings[] {
        block(model, 0, visibleUnits, visibleUnits, n - visibleUnits),
        block(model, visibleUnits, n - visibleUnits, 0, visibleUnits)};
  }

  private static LayerCouplings block(IsingModel model, int offset, int units, int partnerOffset,
      int partnerUnits) {
    double[] internal = new double[units * units];
    double[] bias = new double[units];
    double[] toPartner = new double[units * partnerUnits];
    double trace = 0;
    for (int i = 0; i < units; i++) {
      bias[i] = model.bias(offset + i);
      for (int j = 0; j < units; j++) {
        internal[i * units + j] = i == j ? 0 : model.weight(offset + i, offset + j);
      }
      trace += model.weight(offset + i, offset + i);
      for (int j = 0; j < partnerUnits; j++) {
        toPartner[i * partnerUnits + j] = model.weight(offset + i, partnerOffset + j);
      }
    }
    return new LayerCouplings(offset, units, partnerUnits, internal, bias, toPartner, -0.5 * trace);
  }

  /** Index of this layer's first unit in the whole model. */
  public int offset() {
    return offset;
  }

  public int units() {
    return units;
  }

  /** Units of the partner layer (0 for a single layer). */
  public int partnerUnits() {
    return partnerUnits;
  }

  /** Within-layer couplings, row-major units × units, zero diagonal. Do not modify. */
  double[] internal() {
    return internal;
  }

  /**
   * {@link #internal()} rounded to float32, or null when some coupling is outside
   * [{@value #FLOAT_LOW}, {@value #FLOAT_HIGH}] in magnitude (the spec admits up to 1e100, and tiny
   * ones would lose their digits): then flips add double rows. Single-site samplers add a row at
   * every flip; a float row is half the bytes, and that stream is what a flip costs on SIMD lanes
   * (N = 1000: 33 against 43 ns per update). Fields are recomputed from the double couplings every
   * {@value IsingKernel#RECOMPUTE_EVERY} sweeps, which bounds the drift the rounding adds.
   */
  float[] internalFloat() {
    return internalFloat;
  }

  static final double FLOAT_LOW = 1e-30;
  static final double FLOAT_HIGH = 1e30;

  /** The float32 copy, or null if a nonzero coupling is outside [FLOAT_LOW, FLOAT_HIGH] in magnitude. */
  private static float[] floatCopy(double[] w) {
    float[] f = new float[w.length];
    for (int k = 0; k < w.length; k++) {
      double a = Math.abs(w[k]);
      if (a != 0 && !(a >= FLOAT_LOW && a <= FLOAT_HIGH)) {
        return null;
      }
      f[k] = (float) w[k];
    }
    return f;
  }

  /** Couplings to the partner layer, row-major units × partnerUnits. Do not modify. */
  double[] toPartner() {
    return toPartner;
  }

  double[] bias() {
    return bias;
  }

  /** {@code -½ Σ W_ii} over this layer's units: a constant in every energy. */
  public double diagonalEnergy() {
    return diagonalEnergy;
  }

  /**
   * Field this layer's states put on the partner layer: {@code out[c][j] = Σ_i s_c,i W_ij} for
   * chains {@code [from, to)} of {@code state}; those rows of {@code out} (chains × partnerUnits)
   * are overwritten.
   */
  public void fieldOnPartner(SpinChains state, int from, int to, double[] out) {
    int p = partnerUnits;
    if (state.layer() != this || out.length < state.chains() * p || from < 0 || to > state.chains()) {
      throw new IllegalArgumentException("fieldOnPartner needs states of this layer, chains within [0, "
          + state.chains() + ") and room for chains x " + p + " entries (got " + out.length + ")");
    }
    byte[] spins = state.spins();
    java.util.Arrays.fill(out, from * p, to * p, 0.0);
    for (int c = from; c < to; c++) {
      int outBase = c * p;
      int sBase = c * units;
      for (int i = 0; i < units; i++) {
        // on SIMD lanes; s = ±1, so the fused add rounds exactly as a + s·w did
        kernels.addScaled(toPartner, i * p, spins[sBase + i], out, outBase, p);
      }
    }
  }

  /** {@link #fieldOnPartner(SpinChains, int, int, double[])} for every chain. */
  public void fieldOnPartner(SpinChains state, double[] out) {
    fieldOnPartner(state, 0, state.chains(), out);
  }

  /** Bytes this layer's coupling arrays hold. */
  public long heapBytes() {
    return 8L * ((long) internal.length + bias.length + toPartner.length) + (internalFloat == null ? 0 : 4L * internalFloat.length) + 64;
  }
}
