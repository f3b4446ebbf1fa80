package org.ebmsim.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ebmsim.errors.InvalidRequestException;

/**
 * Element-wise value transforms and the train / held-out split. Each returns a new dataset with
 * the same labels and image shape; the input is not modified.
 */
public final class ValueTransforms {
  private ValueTransforms() {}

  /** Values × {@code factor} (finite, non-zero). */
  public static Dataset scale(Dataset d, double factor) {
    InvalidRequestException.require(Double.isFinite(factor) && factor != 0,
        "scale must be finite and non-zero (got " + factor + ")");
    float f = (float) factor;
    float[] src = d.values();
    float[] out = new float[src.length];
    for (int k = 0; k < src.length; k++) {
      out[k] = src[k] * f;
    }
    return d.withValues(out);
  }

  /** Values > {@code threshold} become 1, the others 0 (bits). */
  public static Dataset binarize(Dataset d, double threshold) {
    return discretize(d, threshold, 1f, 0f, "binarize threshold");
  }

  /** Values > {@code threshold} become +1, the others −1 (spins; 0.5 maps {0,1} to ±1). */
  public static Dataset toSpins(Dataset d, double threshold) {
    return discretize(d, threshold, 1f, -1f, "spin threshold");
  }

  private static Dataset discretize(Dataset d, double threshold, float above, float below, String what) {
    InvalidRequestException.require(Double.isFinite(threshold), what + " must be finite (got " + threshold + ")");
    float[] src = d.values();
    float[] out = new float[src.length];
    for (int k = 0; k < src.length; k++) {
      // compared in double so that a threshold between two floats splits them as written
      out[k] = src[k] > threshold ? above : below;
    }
    return d.withValues(out);
  }

  /**
   * Holds out {@code round(fraction × rows)} rows picked by a Fisher–Yates shuffle seeded with
   * {@code seed}: the same rows, fraction and seed always give the same split.
   *
   * @param fraction in [0, 1); at least one row stays for training
   */
  public static Dataset split(Dataset d, double fraction, long seed) {
    InvalidRequestException.require(fraction >= 0 && fraction < 1,
        "held_out_fraction must be in [0, 1) (got " + fraction + ")");
    int rows = d.rows();
    int held = (int) Math.min(rows - 1L, Math.round(fraction * rows));
    int[] order = new int[rows];
    Arrays.setAll(order, i -> i);
    SplittableRandom random = new SplittableRandom(seed);
    // only the first `held` positions are needed: a partial shuffle draws exactly those
    for (int i = 0; i < held; i++) {
      int j = i + random.nextInt(rows - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] heldOut = Arrays.copyOf(order, held);
    Arrays.sort(heldOut);
    return d.withHeldOut(heldOut);
  }
}
