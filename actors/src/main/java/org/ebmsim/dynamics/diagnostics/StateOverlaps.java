package org.ebmsim.dynamics.diagnostics;

import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.ValueType;

/**
 * Overlaps of rows of a visible-layer block with a few chosen stored patterns, the observables a
 * session traces beside the energy. Two-valued layers: {@code m_μ = (1/N) Σ_i ξ^μ_i s_i} with
 * {@code s_i = ±1} (a binary unit's 1 counts +1, its 0 counts −1; states held as bytes or as
 * float32 alike); real layers: the cosine {@code ξ^μ·v / (‖ξ^μ‖ ‖v‖)} (0 for the zero vector), as
 * pattern completion reports them. O(N·p) per row. Immutable; the patterns are copied.
 */
public final class StateOverlaps {
  private final int count;
  private final int units;
  private final float[] patterns; // count × units
  private final double[] norms; // ‖ξ^μ‖

  private StateOverlaps(int count, int units, float[] patterns) {
    this.count = count;
    this.units = units;
    this.patterns = patterns;
    this.norms = new double[count];
    for (int mu = 0; mu < count; mu++) {
      double s = 0;
      for (int i = 0; i < units; i++) {
        double x = patterns[mu * units + i];
        s += x * x;
      }
      norms[mu] = Math.sqrt(s);
    }
  }

  /**
   * The ±1 patterns {@code chosen} of the row-major {@code all} ({@code units} per pattern).
   *
   * @throws IllegalArgumentException for an index outside the patterns or an entry not ±1
   */
  public static StateOverlaps ofSpins(byte[] all, int units, int[] chosen) {
    float[] p = new float[chosen.length * units];
    for (int k = 0; k < chosen.length; k++) {
      int mu = chosen[k];
      if (mu < 0 || (long) (mu + 1) * units > all.length) {
        throw new IllegalArgumentException("pattern " + mu + " is not among the " + all.length / Math.max(1, units)
            + " patterns");
      }
      for (int i = 0; i < units; i++) {
        byte x = all[mu * units + i];
        if (x != 1 && x != -1) {
          throw new IllegalArgumentException("pattern " + mu + " unit " + i + " must be -1 or +1 (got " + x + ")");
        }
        p[k * units + i] = x;
      }
    }
    return new StateOverlaps(chosen.length, units, p);
  }

  /** Real patterns (one float row each), the {@code chosen} ones in that order. */
  public static StateOverlaps ofReals(float[][] all, int[] chosen) {
    int units = all.length == 0 ? 0 : all[0].length;
    float[] p = new float[chosen.length * units];
    for (int k = 0; k < chosen.length; k++) {
      int mu = chosen[k];
      if (mu < 0 || mu >= all.length || all[mu].length != units) {
        throw new IllegalArgumentException("pattern " + mu + " is not among the " + all.length + " patterns of "
            + units + " units");
      }
      System.arraycopy(all[mu], 0, p, k * units, units);
    }
    return new StateOverlaps(chosen.length, units, p);
  }

  /** Patterns per row. */
  public int count() {
    return count;
  }

  /**
   * Writes the overlaps of row {@code row} of {@code block} with each pattern to
   * {@code out[at .. at+count)}.
   */
  public void overlaps(LayerBlock block, int row, double[] out, int at) {
    if (block.units() != units) {
      throw new IllegalArgumentException("the block has " + block.units() + " units, the patterns " + units);
    }
    ValueType type = block.shape().type();
    if (type.twoValued()) {
      spinOverlaps(block, row, out, at);
    } else if (type == ValueType.REAL) {
      cosines(block.floats(), row * units, out, at);
    } else {
      throw new IllegalArgumentException("overlaps are defined for two-valued and real layers, not " + type);
    }
  }

  private void spinOverlaps(LayerBlock block, int row, double[] out, int at) {
    int from = row * units;
    if (block.isFloat()) {
      float[] s = block.floats();
      for (int mu = 0; mu < count; mu++) {
        int p = mu * units;
        double dot = 0;
        for (int i = 0; i < units; i++) {
          dot += s[from + i] > 0 ? patterns[p + i] : -patterns[p + i];
        }
        out[at + mu] = dot / units;
      }
    } else {
      byte[] s = block.bytes();
      for (int mu = 0; mu < count; mu++) {
        int p = mu * units;
        double dot = 0;
        for (int i = 0; i < units; i++) {
          dot += s[from + i] > 0 ? patterns[p + i] : -patterns[p + i];
        }
        out[at + mu] = dot / units;
      }
    }
  }

  private void cosines(float[] v, int from, double[] out, int at) {
    double vv = 0;
    for (int i = 0; i < units; i++) {
      vv += (double) v[from + i] * v[from + i];
    }
    double norm = Math.sqrt(vv);
    for (int mu = 0; mu < count; mu++) {
      int p = mu * units;
      double dot = 0;
      for (int i = 0; i < units; i++) {
        dot += (double) patterns[p + i] * v[from + i];
      }
      out[at + mu] = norm == 0 || norms[mu] == 0 ? 0 : dot / (norm * norms[mu]);
    }
  }
}
