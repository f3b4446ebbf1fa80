package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ebmsim.client.LayerStates;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.LayerState;
import org.ebmsim.proto.v1.ValueType;

/**
 * Layer states as text: two-valued layers (SPIN, BINARY) as ASCII art ({@code #} for +1 or 1,
 * {@code .} for -1 or 0, {@code ?} for unknown), drawn as an image when the shape fits, other
 * layers as numbers. Decoding goes through the SDK's {@link LayerStates}.
 */
final class StatePictures {
  /** Values of a real or categorical state printed before it is cut with a count. */
  private static final int MAX_NUMBERS = 16;

  private StatePictures() {}

  /** Whether the block's units are drawn as glyphs (SPIN or BINARY). */
  static boolean drawable(LayerState block) {
    return block.getType() == ValueType.VALUE_SPIN || block.getType() == ValueType.VALUE_BINARY;
  }

  /** Row {@code row} of a two-valued block as signs (±1). */
  static int[] signs(LayerState block, int row) {
    return LayerStates.signs(LayerStates.row(block, row), block.getType());
  }

  /**
   * Row {@code row} of a block as lines: a picture for SPIN and BINARY units (an image of
   * {@code shape} when it fits, else wrapped lines), numbers otherwise.
   */
  static List<String> row(LayerState block, int row, ImageShape shape) {
    if (drawable(block)) {
      return HumanText.pattern(signs(block, row), shape);
    }
    return List.of(numbers(block, row));
  }

  /** As {@link #row}, with the units where {@code known} is false drawn as {@code ?}. */
  static List<String> row(LayerState block, int row, ImageShape shape, List<Boolean> known) {
    if (!drawable(block)) {
      return row(block, row, shape);
    }
    int[] signs = signs(block, row);
    for (int i = 0; i < signs.length && i < known.size(); i++) {
      if (!known.get(i)) {
        signs[i] = 0;
      }
    }
    return HumanText.pattern(signs, shape);
  }

  /** The values of row {@code row}, 4 decimals for reals, cut after {@value #MAX_NUMBERS} with a count. */
  static String numbers(LayerState block, int row) {
    double[] values = LayerStates.values(block)[row];
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(values.length, MAX_NUMBERS);
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? "" : " ").append(block.getType() == ValueType.VALUE_REAL
          ? String.format(Locale.ROOT, "%.4f", values[i]) : Long.toString(Math.round(values[i])));
    }
    if (shown < values.length) {
      sb.append(" ... (").append(values.length).append(" values)");
    }
    return sb.toString();
  }

  /**
   * A chain's state under {@code title}: the visible layer (the first block) as a picture, the
   * other layers as wrapped glyphs or numbers under their names.
   */
  static List<String> chain(String title, ChainState state, ImageShape shape) {
    List<String> lines = new ArrayList<>();
    List<LayerState> blocks = state.getLayersList();
    if (blocks.isEmpty()) {
      lines.add(title + ": (no states sent)");
      return lines;
    }
    lines.add(title + (blocks.size() > 1 ? " (visible units):" : ":"));
    lines.addAll(HumanText.indent(row(blocks.get(0), 0, shape)));
    for (LayerState other : blocks.subList(1, blocks.size())) {
      lines.add(other.getLayer() + " units:");
      lines.addAll(HumanText.indent(row(other, 0, null)));
    }
    return lines;
  }
}
