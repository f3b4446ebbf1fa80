package org.ebmsim.dynamics.sampling;

/**
 * Which units of a layer are clamped, shared by every chain of a batch. The samplers take the
 * mask as a plain {@code boolean[]} that is null while nothing is clamped, so the common case
 * costs no test per unit.
 */
public final class ClampMask {
  private final int units;
  private boolean[] clamped;
  private int count;

  public ClampMask(int units) {
    this.units = units;
  }

  /** Marks {@code unit} clamped (the caller writes its value into every chain). */
  public void clamp(int unit) {
    if (clamped == null) {
      clamped = new boolean[units];
    }
    if (!clamped[unit]) {
      clamped[unit] = true;
      count++;
    }
  }

  /** Lets {@code unit} evolve again. */
  public void release(int unit) {
    if (clamped != null && clamped[unit]) {
      clamped[unit] = false;
      count--;
    }
  }

  /** The mask for the samplers: {@code mask[i]} true if unit i is clamped; null when none ever was. */
  public boolean[] mask() {
    return clamped;
  }

  /** Units not clamped. */
  public int free() {
    return units - count;
  }
}
