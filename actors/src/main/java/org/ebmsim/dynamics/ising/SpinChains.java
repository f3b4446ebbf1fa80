package org.ebmsim.dynamics.ising;

import java.util.Arrays;
import org.ebmsim.dynamics.simd.ElementwiseKernels;
import org.ebmsim.dynamics.simd.Kernels;

/**
 * The states of a batch of chains for one layer, with their local fields kept current.
 *
 * <p>Owns {@code spins} (chains × units, ±1), {@code fields} (the within-layer part of each local
 * field, {@code Σ_j W_ij s_j + b_i}, updated incrementally on every flip) and {@code external}
 * (the field sent by a partner layer, replaced by {@link #setExternalField}). Samplers mutate
 * spins and fields; {@link #recomputeFields} removes floating-point drift and must be called at
 * points that depend only on the sweep index, so results never depend on batching.
 */
public final class SpinChains {
  private final LayerCouplings layer;
  private final int chains;
  private final int units;
  private final byte[] spins;
  private final double[] fields;
  private double[] external;
  private final ElementwiseKernels kernels = Kernels.get();
  private final float[] rowsFloat;

  /** Copies {@code initial} (chains × units, ±1) and computes the fields. */
  public SpinChains(LayerCouplings layer, int chains, byte[] initial) {
    this(layer, chains, initial, true);
  }

  /**
   * Copies {@code initial} (chains × units, ±1); the fields are computed now, or, without
   * {@code computeFields}, left to the caller's {@link #recomputeFields(int, int)} (by chain
   * range, e.g. in time slices) before the chains are used.
   */
  public SpinChains(LayerCouplings layer, int chains, byte[] initial, boolean computeFields) {
    if (chains < 1) {
      throw new IllegalArgumentException("chains must be >= 1 (got " + chains + ")");
    }
    this.layer = layer;
    this.chains = chains;
    this.units = layer.units();
    this.rowsFloat = layer.internalFloat();
    if (initial.length != chains * units) {
      throw new IllegalArgumentException("initial states must have chains*units = " + (chains * units)
          + " entries (got " + initial.length + ")");
    }
    for (int k = 0; k < initial.length; k++) {
      if (initial[k] != 1 && initial[k] != -1) {
        throw new IllegalArgumentException("initial state entries must be -1 or +1 (got " + initial[k]
            + " at chain " + k / units + ", unit " + k % units + ")");
      }
    }
    this.spins = initial.clone();
    this.fields = new double[chains * units];
    this.external = new double[chains * units];
    if (computeFields) {
      recomputeFields();
    }
  }

  public LayerCouplings layer() {
    return layer;
  }

  public int chains() {
    return chains;
  }

  public int units() {
    return units;
  }

  /** Live spins, chains × units. Callers other than samplers must not modify them. */
  public byte[] spins() {
    return spins;
  }

  /** Live within-layer fields, chains × units. */
  double[] fields() {
    return fields;
  }

  /** Live external fields, chains × units. */
  double[] external() {
    return external;
  }

  /** A copy of chain c's state. */
  public byte[] state(int c) {
    return Arrays.copyOfRange(spins, c * units, (c + 1) * units);
  }

  /** Local field {@code h_i} of chain c including the external part. */
  public double localField(int c, int i) {
    return fields[c * units + i] + external[c * units + i];
  }

  /** Replaces the external field (chains × units) by a copy of {@code field}. */
  public void setExternalField(double[] field) {
    if (field.length != external.length) {
      throw new IllegalArgumentException("external field must have " + external.length + " entries (got "
          + field.length + ")");
    }
    System.arraycopy(field, 0, external, 0, field.length);
  }

  /**
   * Takes {@code field} (chains × units) as the external field without copying; the caller gives
   * up the array.
   */
  public void adoptExternalField(double[] field) {
    if (field.length != external.length) {
      throw new IllegalArgumentException("external field must have " + external.length + " entries (got "
          + field.length + ")");
    }
    external = field;
  }

  /** Sets chain c's unit i (e.g. clamping a cue) to ±1 and updates the fields. */
  public void set(int c, int i, byte value) {
    if (value != 1 && value != -1) {
      throw new IllegalArgumentException("spin values are -1 or +1 (got " + value + ")");
    }
    if (spins[c * units + i] != value) {
      flip(c * units, i, value);
    }
  }

  /**
   * Sets the unit i of the chain starting at {@code base} to {@code next} (its opposite) and adds
   * {@code 2·next·W_{j,i}} to every field: the O(N) incremental update all samplers share.
   */
  void flip(int base, int i, byte next) {
    spins[base + i] = next;
    // on SIMD lanes: C2 does not vectorise this loop itself (it cannot tell the two double arrays
    // apart), and it is most of a sweep's time at the usual flip rates
    if (rowsFloat != null) {
      kernels.addScaled(rowsFloat, i * units, 2.0 * next, fields, base, units);
    } else {
      kernels.addScaled(layer.internal(), i * units, 2.0 * next, fields, base, units);
    }
  }

  /** {@code fields = W_LL s + b} from scratch for every chain. */
  public void recomputeFields() {
    recomputeFields(0, chains);
  }

  /** {@code fields = W_LL s + b} from scratch for chains {@code [fromChain, toChain)}. */
  public void recomputeFields(int fromChain, int toChain) {
    if (fromChain < 0 || toChain > chains || fromChain > toChain) {
      throw new IllegalArgumentException("chain range [" + fromChain + ", " + toChain + ") is not within [0, "
          + chains + ")");
    }
    double[] w = layer.internal();
    double[] b = layer.bias();
    for (int c = fromChain; c < toChain; c++) {
      int base = c * units;
      System.arraycopy(b, 0, fields, base, units);
      for (int i = 0; i < units; i++) {
        int s = spins[base + i];
        if (s == 0) {
          continue;
        }
        kernels.addScaled(w, i * units, s, fields, base, units);
      }
    }
  }

  /**
   * Within-layer energy of chain c: {@code -½ sᵀW_LL s - bᵀs - ½ Σ W_ii}, from the current fields
   * ({@code Σ s_i f_i = sᵀW s + bᵀs}).
   */
  public double internalEnergy(int c) {
    double[] b = layer.bias();
    int base = c * units;
    double sf = 0;
    double sb = 0;
    for (int i = 0; i < units; i++) {
      int s = spins[base + i];
      sf += s * fields[base + i];
      sb += s * b[i];
    }
    return -0.5 * (sf + sb) + layer.diagonalEnergy();
  }

  /** {@code -Σ_i s_i ext_i} for chain c: the coupling energy to the partner layer. */
  public double couplingEnergy(int c) {
    int base = c * units;
    double e = 0;
    for (int i = 0; i < units; i++) {
      e -= spins[base + i] * external[base + i];
    }
    return e;
  }
}
