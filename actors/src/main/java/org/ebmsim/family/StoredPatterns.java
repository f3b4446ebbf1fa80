package org.ebmsim.family;

/**
 * ±1 patterns stored with a model over its visible units, row-major {@code count × units}
 * (possibly none): what completion compares its answer with. For a binary layer +1 is the unit's
 * 1 and −1 its 0. Immutable (the array is not exposed for writing).
 */
public record StoredPatterns(int count, int units, byte[] values) {
  public StoredPatterns {
    if (values.length != (long) count * units) {
      throw new IllegalArgumentException("patterns must have count × units = " + ((long) count * units)
          + " entries (got " + values.length + ")");
    }
    values = values.clone();
  }

  public static StoredPatterns none(int units) {
    return new StoredPatterns(0, units, new byte[0]);
  }

  /** A copy of the values. */
  @Override
  public byte[] values() {
    return values.clone();
  }

  /** A copy of pattern μ. */
  public byte[] pattern(int mu) {
    return java.util.Arrays.copyOfRange(values, mu * units, (mu + 1) * units);
  }

  public long heapBytes() {
    return 32L + values.length;
  }
}
