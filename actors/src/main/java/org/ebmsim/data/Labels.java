package org.ebmsim.data;

import org.ebmsim.errors.InvalidRequestException;

/** Class labels read as numbers: each must be a non-negative integer below {@link Dataset#MAX_CLASSES}. */
final class Labels {
  private Labels() {}

  /** {@code values} as labels; {@code what} names their source in the message. */
  static int[] fromFloats(float[] values, String what) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = of(values[i], what, i);
    }
    return out;
  }

  static int of(double v, String what, int row) {
    if (!(v >= 0 && v < Dataset.MAX_CLASSES && v == Math.rint(v))) {
      throw new InvalidRequestException(what + ": label " + v + " of row " + row
          + " is not an integer in [0, " + Dataset.MAX_CLASSES + ")");
    }
    return (int) v;
  }
}
