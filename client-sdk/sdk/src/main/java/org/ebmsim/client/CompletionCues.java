package org.ebmsim.client;

import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.NoisyCue;
import org.ebmsim.proto.v1.RealPattern;
import org.ebmsim.proto.v1.ValueType;

/**
 * Builders of the cue of a {@link CompleteRequest}: a masked partial pattern or a noisy one,
 * over the model's visible layer.
 *
 * <p>Discrete cues are given as signs (+1, -1, and 0 for an unknown unit) whatever the layer:
 * the server wants values in the layer's domain, so for a BINARY layer the forms that take the
 * visible {@link LayerInfo} (or its {@link ValueType}) write +1 as 1 and -1 as 0. The forms
 * without a layer are for SPIN layers (every Hopfield network and Boltzmann machine).
 */
public final class CompletionCues {
  private CompletionCues() {}

  /**
   * A masked cue over a SPIN layer from values where 0 marks an unknown unit and ±1 a known
   * one.
   */
  public static MaskedCue masked(int[] values) {
    return masked(values, ValueType.VALUE_SPIN);
  }

  /**
   * A masked cue over a SPIN or BINARY layer of type {@code visible} from signs where 0 marks an
   * unknown unit and ±1 a known one (for BINARY: +1 is 1, -1 is 0).
   */
  public static MaskedCue masked(int[] signs, ValueType visible) {
    boolean[] known = new boolean[signs.length];
    for (int i = 0; i < signs.length; i++) {
      checkCueValue(signs, i);
      known[i] = signs[i] != 0;
    }
    return masked(signs, known, visible);
  }

  /**
   * A masked cue over a SPIN layer with an explicit mask; values of unknown units are sent as 0,
   * known ones must be ±1.
   */
  public static MaskedCue masked(int[] values, boolean[] known) {
    return masked(values, known, ValueType.VALUE_SPIN);
  }

  /**
   * A masked cue over a SPIN or BINARY layer of type {@code visible} with an explicit mask: known
   * units must be ±1 (written in the layer's domain), unknown ones are sent as 0, which the
   * server ignores.
   */
  public static MaskedCue masked(int[] signs, boolean[] known, ValueType visible) {
    checkTwoValued(visible);
    checkMask(signs.length, known.length);
    MaskedCue.Builder b = MaskedCue.newBuilder();
    for (int i = 0; i < signs.length; i++) {
      if (known[i] && signs[i] != 1 && signs[i] != -1) {
        throw new IllegalArgumentException("known unit " + i + " must be -1 or +1, got " + signs[i]);
      }
      b.addValues(known[i] ? LayerStates.fromSign(signs[i], visible) : 0);
      b.addKnown(known[i]);
    }
    return b.build();
  }

  /**
   * A masked cue over the visible layer {@code visible} of any discrete type with values in the
   * layer's own domain (SPIN ±1, BINARY 0/1, CATEGORICAL 0 .. levels-1); values of unknown
   * units are ignored and sent as 0.
   */
  public static MaskedCue maskedValues(int[] values, boolean[] known, LayerInfo visible) {
    checkMask(values.length, known.length);
    checkUnits(values.length, visible);
    MaskedCue.Builder b = MaskedCue.newBuilder();
    for (int i = 0; i < values.length; i++) {
      if (known[i] && !inDomain(values[i], visible)) {
        throw new IllegalArgumentException("known unit " + i + " of layer " + visible.getName() + " must be "
            + domain(visible) + ", got " + values[i]);
      }
      b.addValues(known[i] ? values[i] : 0);
      b.addKnown(known[i]);
    }
    return b.build();
  }

  /** A masked cue over a REAL visible layer: finite values where known (others are ignored). */
  public static MaskedCue maskedReal(float[] values, boolean[] known) {
    checkMask(values.length, known.length);
    MaskedCue.Builder b = MaskedCue.newBuilder();
    for (int i = 0; i < values.length; i++) {
      if (known[i] && !Float.isFinite(values[i])) {
        throw new IllegalArgumentException("known unit " + i + " must be finite, got " + values[i]);
      }
      b.addRealValues(known[i] ? values[i] : 0f);
      b.addKnown(known[i]);
    }
    return b.build();
  }

  /** A noisy cue: stored pattern {@code index} with a fraction {@code flip} of units flipped. */
  public static NoisyCue noisyStored(int index, double flip) {
    if (index < 0) {
      throw new IllegalArgumentException("pattern index must be ≥ 0, got " + index);
    }
    return NoisyCue.newBuilder().setStoredIndex(index).setFlipFraction(checkFraction(flip)).build();
  }

  /**
   * A noisy cue: the given ±1 pattern (for a BINARY layer +1 is 1 and -1 is 0) with a fraction
   * {@code flip} of units flipped.
   */
  public static NoisyCue noisy(int[] pattern, double flip) {
    return NoisyCue.newBuilder()
        .setExplicit(ProtoMatrices.spinRow(pattern))
        .setFlipFraction(checkFraction(flip))
        .build();
  }

  /**
   * A noisy cue over a REAL visible layer: a fraction {@code fraction} of the units of
   * {@code pattern} get noise from N(0, sd²) added ({@code sd} 0 means 1).
   */
  public static NoisyCue noisyReal(float[] pattern, double fraction, double sd) {
    if (!(sd >= 0) || Double.isInfinite(sd)) {
      throw new IllegalArgumentException("noise standard deviation must be finite and ≥ 0, got " + sd);
    }
    RealPattern.Builder p = RealPattern.newBuilder();
    for (int i = 0; i < pattern.length; i++) {
      if (!Float.isFinite(pattern[i])) {
        throw new IllegalArgumentException("pattern values must be finite; unit " + i + " is " + pattern[i]);
      }
      p.addValues(pattern[i]);
    }
    return NoisyCue.newBuilder().setReal(p).setFlipFraction(checkFraction(fraction)).setNoiseSd(sd).build();
  }

  private static double checkFraction(double flip) {
    if (!(flip >= 0 && flip <= 1)) {
      throw new IllegalArgumentException("flip fraction must be in [0, 1], got " + flip);
    }
    return flip;
  }

  private static void checkMask(int values, int known) {
    if (values != known) {
      throw new IllegalArgumentException(
          "values and known mask differ in length (" + values + " vs " + known + ")");
    }
  }

  private static void checkUnits(int values, LayerInfo visible) {
    if (visible.getUnits() != 0 && values != visible.getUnits()) {
      throw new IllegalArgumentException("a cue has one value per visible unit (" + visible.getUnits() + "), got "
          + values);
    }
  }

  private static void checkTwoValued(ValueType visible) {
    if (visible != ValueType.VALUE_SPIN && visible != ValueType.VALUE_BINARY) {
      throw new IllegalArgumentException("a cue of signs needs a SPIN or BINARY visible layer, not " + visible
          + (visible == ValueType.VALUE_REAL ? "; use maskedReal" : "; use maskedValues"));
    }
  }

  private static boolean inDomain(int v, LayerInfo layer) {
    return switch (layer.getType()) {
      case VALUE_SPIN -> v == 1 || v == -1;
      case VALUE_BINARY -> v == 0 || v == 1;
      case VALUE_CATEGORICAL -> v >= 0 && v < layer.getLevels();
      default -> throw new IllegalArgumentException("layer " + layer.getName() + " is not discrete ("
          + layer.getType() + "); use maskedReal");
    };
  }

  private static String domain(LayerInfo layer) {
    return switch (layer.getType()) {
      case VALUE_SPIN -> "-1 or +1";
      case VALUE_BINARY -> "0 or 1";
      default -> "in 0.." + (layer.getLevels() - 1);
    };
  }

  private static void checkCueValue(int[] values, int i) {
    if (values[i] < -1 || values[i] > 1) {
      throw new IllegalArgumentException(
          "cue values must be -1, 0 (unknown) or +1; unit " + i + " is " + values[i]);
    }
  }
}
