package org.ebmsim.client;

import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.NoisyCue;

/** Builders of the cue of a {@link CompleteRequest}: a masked partial pattern or a noisy one. */
public final class CompletionCues {
  private CompletionCues() {}

  /**
   * A masked cue from values over the visible units where 0 marks an unknown unit and ±1 a
   * known one.
   */
  public static MaskedCue masked(int[] values) {
    boolean[] known = new boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      checkCueValue(values, i);
      known[i] = values[i] != 0;
    }
    return masked(values, known);
  }

  /**
   * A masked cue with an explicit mask; values of unknown units are sent as 0, known ones
   * must be ±1.
   */
  public static MaskedCue masked(int[] values, boolean[] known) {
    if (values.length != known.length) {
      throw new IllegalArgumentException(
          "values and known mask differ in length (" + values.length + " vs " + known.length + ")");
    }
    MaskedCue.Builder b = MaskedCue.newBuilder();
    for (int i = 0; i < values.length; i++) {
      if (known[i] && values[i] != 1 && values[i] != -1) {
        throw new IllegalArgumentException("known unit " + i + " must be -1 or +1, got " + values[i]);
      }
      b.addValues(known[i] ? values[i] : 0);
      b.addKnown(known[i]);
    }
    return b.build();
  }

  /** A noisy cue: stored pattern {@code index} with a fraction {@code flip} of units flipped. */
  public static NoisyCue noisyStored(int index, double flip) {
    if (index < 0) {
      throw new IllegalArgumentException("pattern index must be ≥ 0, got " + index);
    }
    return NoisyCue.newBuilder().setStoredIndex(index).setFlipFraction(checkFlip(flip)).build();
  }

  /** A noisy cue: the given ±1 pattern with a fraction {@code flip} of units flipped. */
  public static NoisyCue noisy(int[] pattern, double flip) {
    return NoisyCue.newBuilder()
        .setExplicit(ProtoMatrices.spinRow(pattern))
        .setFlipFraction(checkFlip(flip))
        .build();
  }

  private static double checkFlip(double flip) {
    if (!(flip >= 0 && flip <= 1)) {
      throw new IllegalArgumentException("flip fraction must be in [0, 1], got " + flip);
    }
    return flip;
  }

  private static void checkCueValue(int[] values, int i) {
    if (values[i] < -1 || values[i] > 1) {
      throw new IllegalArgumentException(
          "cue values must be -1, 0 (unknown) or +1; unit " + i + " is " + values[i]);
    }
  }
}
