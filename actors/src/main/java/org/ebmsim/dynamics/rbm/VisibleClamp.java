package org.ebmsim.dynamics.rbm;

import java.util.Arrays;

/**
 * Which visible units are held fixed during sampling (pattern completion: clamp the known units,
 * let the rest evolve). Clamped units keep whatever value the chain's visible state has; they
 * draw no random numbers. Immutable.
 */
public final class VisibleClamp {
  private static final VisibleClamp NONE = new VisibleClamp(null, 0);

  private final boolean[] mask; // null = nothing clamped
  private final int count;

  private VisibleClamp(boolean[] mask, int count) {
    this.mask = mask;
    this.count = count;
  }

  /** No unit clamped. */
  public static VisibleClamp none() {
    return NONE;
  }

  /**
   * Clamps the listed units.
   *
   * @throws IllegalArgumentException if an index is outside {@code [0, visibleUnits)}
   */
  public static VisibleClamp units(int visibleUnits, int... indices) {
    Checks.positiveUnits("visibleUnits", visibleUnits);
    boolean[] m = new boolean[visibleUnits];
    int n = 0;
    for (int i : indices) {
      if (i < 0 || i >= visibleUnits) {
        throw new IllegalArgumentException("clamped unit index must be in [0, " + visibleUnits + ") (got " + i + ")");
      }
      if (!m[i]) {
        m[i] = true;
        n++;
      }
    }
    return n == 0 ? NONE : new VisibleClamp(m, n);
  }

  /** Number of clamped units. */
  public int count() {
    return count;
  }

  public boolean isClamped(int unit) {
    return mask != null && mask[unit];
  }

  /** The mask, or null if nothing is clamped (package use, not copied). */
  boolean[] maskOrNull() {
    return mask;
  }

  void checkUnits(int visibleUnits) {
    if (mask != null && mask.length != visibleUnits) {
      throw new IllegalArgumentException("clamp was built for " + mask.length + " visible units but the model has "
          + visibleUnits);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VisibleClamp c && Arrays.equals(c.mask, mask);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(mask);
  }
}
