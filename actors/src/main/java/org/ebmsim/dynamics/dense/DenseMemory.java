package org.ebmsim.dynamics.dense;

/**
 * A dense associative memory: p stored ±1 patterns ξ over N ±1 units and an interaction function
 * F, energy {@code E(σ) = −Σ_μ F(ξ_μ·σ)} (log domain for the exponential, see
 * {@link InteractionFunction}). Holds ξ twice: by pattern (rows, for overlaps from scratch) and by
 * unit (columns, so that the O(p) update of unit i reads one contiguous column). Immutable and
 * thread-safe.
 */
public final class DenseMemory {
  private final int units;
  private final int count;
  private final byte[] patterns; // count × units
  private final byte[] columns; // units × count: columns[i·p + μ] = ξ_μi
  private final InteractionFunction function;
  private final OverlapEnergy energy;
  private final long tableBytes;

  private DenseMemory(int count, int units, byte[] patterns, InteractionFunction function) {
    this.units = units;
    this.count = count;
    this.patterns = patterns;
    this.function = function;
    this.columns = new byte[patterns.length];
    for (int mu = 0; mu < count; mu++) {
      for (int i = 0; i < units; i++) {
        columns[i * count + mu] = patterns[mu * units + i];
      }
    }
    if (function.kind() == InteractionFunction.Kind.EXPONENTIAL) {
      LogSumExpOverlapEnergy e = new LogSumExpOverlapEnergy(units);
      this.energy = e;
      this.tableBytes = e.heapBytes();
    } else {
      SeparableOverlapEnergy e = new SeparableOverlapEnergy(function, units);
      this.energy = e;
      this.tableBytes = e.heapBytes();
    }
  }

  /**
   * A memory of {@code count} patterns, row-major {@code count × units} ±1 values (copied).
   *
   * @throws IllegalArgumentException for sizes below 1 (units below 2), entries other than ±1, or
   *     a polynomial degree whose energies would exceed {@link InteractionFunction#MAX_ENERGY}
   */
  public static DenseMemory of(int count, int units, byte[] patterns, InteractionFunction function) {
    if (count < 1 || units < 2) {
      throw new IllegalArgumentException("a dense memory needs >= 1 pattern of >= 2 units (got " + count
          + " patterns of " + units + " units)");
    }
    if (patterns.length != (long) count * units) {
      throw new IllegalArgumentException("patterns must have count*units = " + ((long) count * units)
          + " entries (got " + patterns.length + ")");
    }
    for (int k = 0; k < patterns.length; k++) {
      if (patterns[k] != 1 && patterns[k] != -1) {
        throw new IllegalArgumentException("pattern entries must be -1 or +1 (got " + patterns[k] + " in pattern "
            + k / units + ", unit " + k % units + ")");
      }
    }
    if (!function.energiesFinite(units, count)) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "degree %d is too high for %d patterns of %d units: energies reach p·(N+1)^n ≈ 1e%.0f, above the"
              + " bound of 1e300 that keeps them finite", function.degree(), count, units,
          function.log10MaxEnergy(units, count)));
    }
    return new DenseMemory(count, units, patterns.clone(), function);
  }

  public int units() {
    return units;
  }

  /** Number of stored patterns p. */
  public int count() {
    return count;
  }

  public InteractionFunction function() {
    return function;
  }

  /** A copy of the patterns, row-major count × units. */
  public byte[] patterns() {
    return patterns.clone();
  }

  /** ξ_μi. */
  public byte pattern(int mu, int i) {
    return patterns[mu * units + i];
  }

  /** The by-unit copy of ξ ({@code columns[i·p + μ] = ξ_μi}); read only. */
  byte[] columns() {
    return columns;
  }

  /**
   * {@code out[outOff + μ] = ξ_μ·σ} for the state at {@code s[sOff ..]}, O(N·p).
   *
   * @return {@code max_μ} of the overlaps
   */
  public int overlaps(byte[] s, int sOff, int[] out, int outOff) {
    int top = Integer.MIN_VALUE;
    for (int mu = 0; mu < count; mu++) {
      int row = mu * units;
      int m = 0;
      for (int i = 0; i < units; i++) {
        m += patterns[row + i] * s[sOff + i];
      }
      out[outOff + mu] = m;
      top = Math.max(top, m);
    }
    return top;
  }

  /** E(σ) of the state at {@code s[off ..]}, from scratch. */
  public double energy(byte[] s, int off) {
    int[] m = new int[count];
    int top = overlaps(s, off, m, 0);
    return energy.energy(m, 0, count, top);
  }

  /** E from overlaps {@code m[off .. off+p)} whose maximum is {@code top}. */
  public double energyOfOverlaps(int[] m, int off, int top) {
    return energy.energy(m, off, count, top);
  }

  /**
   * {@code D_i = E(σ_i = −1) − E(σ_i = +1)} given the overlaps of the current state (maximum
   * {@code top}) in which unit i is {@code s}; O(p).
   */
  public double gain(int[] m, int off, int top, int i, int s) {
    return energy.gain(m, off, columns, i * count, count, s, top);
  }

  /** Bytes held: both copies of ξ and the tables. */
  public long heapBytes() {
    return 2L * patterns.length + tableBytes + 128;
  }
}
