package org.ebmsim.session;

/**
 * Units of one layer to clamp at values, or to release ({@code values == null}), before a group
 * runs its next sweep.
 */
public record ClampChange(int layer, int[] units, double[] values) {
  public ClampChange {
    if (values != null && values.length != units.length) {
      throw new IllegalArgumentException("one value per clamped unit");
    }
  }

  public boolean release() {
    return values == null;
  }
}
