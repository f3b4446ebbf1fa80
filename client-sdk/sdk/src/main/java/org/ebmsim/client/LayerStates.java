package org.ebmsim.client;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.LayerState;
import org.ebmsim.proto.v1.ValueType;

/**
 * Encodes and decodes {@link LayerState}, the wire form of the states of one layer for several
 * chains (or patterns, or ground states), so that callers work with plain arrays and never with
 * the bit packing.
 *
 * <p>Values are those of the layer's domain: SPIN units are -1 or +1, BINARY units 0 or 1,
 * CATEGORICAL units 0 .. levels-1, REAL units any finite float. On the wire SPIN and BINARY
 * states travel as one bit per unit, unit k = r · cols + c of the block at byte k / 8, bit k % 8
 * (least significant first), a set bit meaning +1 or 1; CATEGORICAL states as integers and REAL
 * states as float32. Every method checks what it reads and names what is wrong.
 */
public final class LayerStates {
  private LayerStates() {}

  // ---- encoding -------------------------------------------------------------------------

  /**
   * States of a discrete layer (SPIN, BINARY or CATEGORICAL), one row per chain.
   *
   * @throws IllegalArgumentException for a REAL layer, no rows, rows whose length is not the
   *     layer's units, or values outside the layer's domain
   */
  public static LayerState encode(LayerInfo layer, int[][] rows) {
    ValueType type = layer.getType();
    if (type == ValueType.VALUE_REAL) {
      throw new IllegalArgumentException("layer " + layer.getName() + " is real-valued; use encodeReal");
    }
    checkRows(rows.length, layer);
    LayerState.Builder out = header(layer, rows.length);
    int cols = layer.getUnits();
    if (type == ValueType.VALUE_CATEGORICAL) {
      for (int r = 0; r < rows.length; r++) {
        checkLength(rows[r].length, r, layer);
        for (int c = 0; c < cols; c++) {
          int v = rows[r][c];
          if (v < 0 || v >= layer.getLevels()) {
            throw outOfDomain(layer, r, c, v);
          }
          out.addLevels(v);
        }
      }
      return out.build();
    }
    byte[] bits = new byte[bytesFor((long) rows.length * cols)];
    for (int r = 0; r < rows.length; r++) {
      checkLength(rows[r].length, r, layer);
      for (int c = 0; c < cols; c++) {
        int v = rows[r][c];
        if (!inDomain(type, v)) {
          throw outOfDomain(layer, r, c, v);
        }
        if (v > 0) {
          int k = r * cols + c;
          bits[k >>> 3] |= (byte) (1 << (k & 7));
        }
      }
    }
    return out.setBits(ByteString.copyFrom(bits)).build();
  }

  /** One state of a discrete layer (a block of one row); see {@link #encode(LayerInfo, int[][])}. */
  public static LayerState encode(LayerInfo layer, int[] row) {
    return encode(layer, new int[][] {row});
  }

  /**
   * States of a REAL layer, one row per chain.
   *
   * @throws IllegalArgumentException for a layer of another type, no rows, rows of the wrong
   *     length, or values that are not finite
   */
  public static LayerState encodeReal(LayerInfo layer, float[][] rows) {
    if (layer.getType() != ValueType.VALUE_REAL) {
      throw new IllegalArgumentException("layer " + layer.getName() + " holds " + layer.getType()
          + " units; use encode with integer values");
    }
    checkRows(rows.length, layer);
    LayerState.Builder out = header(layer, rows.length);
    for (int r = 0; r < rows.length; r++) {
      checkLength(rows[r].length, r, layer);
      for (int c = 0; c < rows[r].length; c++) {
        if (!Float.isFinite(rows[r][c])) {
          throw new IllegalArgumentException("layer " + layer.getName() + ": row " + r + ", unit " + c
              + " must be finite, got " + rows[r][c]);
        }
        out.addValues(rows[r][c]);
      }
    }
    return out.build();
  }

  /** ±1 states of a SPIN layer named {@code layer}. */
  public static LayerState spins(String layer, int[][] rows) {
    return encode(info(layer, rows, ValueType.VALUE_SPIN), rows);
  }

  /** 0/1 states of a BINARY layer named {@code layer}. */
  public static LayerState binary(String layer, int[][] rows) {
    return encode(info(layer, rows, ValueType.VALUE_BINARY), rows);
  }

  // ---- decoding -------------------------------------------------------------------------

  /**
   * The states of a discrete block, one row per state, in the layer's domain: ±1 for SPIN, 0/1
   * for BINARY, 0 .. levels-1 for CATEGORICAL.
   *
   * @throws IllegalArgumentException for a REAL block (use {@link #decodeReal}) or a block
   *     whose payload does not match rows × cols
   */
  public static int[][] decode(LayerState state) {
    int rows = state.getRows();
    int cols = state.getCols();
    long n = checkShape(state);
    int[][] out = new int[rows][cols];
    switch (state.getType()) {
      case VALUE_SPIN, VALUE_BINARY -> {
        if (state.getBits().size() != bytesFor(n)) {
          throw new IllegalArgumentException("layer " + state.getLayer() + ": bits must have ceil(" + rows + " x "
              + cols + " / 8) = " + bytesFor(n) + " bytes, got " + state.getBits().size());
        }
        int low = state.getType() == ValueType.VALUE_SPIN ? -1 : 0;
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < cols; c++) {
            int k = r * cols + c;
            out[r][c] = ((state.getBits().byteAt(k >>> 3) >>> (k & 7)) & 1) == 1 ? 1 : low;
          }
        }
      }
      case VALUE_CATEGORICAL -> {
        if (state.getLevelsCount() != n) {
          throw new IllegalArgumentException("layer " + state.getLayer() + ": levels must have " + n
              + " entries, got " + state.getLevelsCount());
        }
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < cols; c++) {
            out[r][c] = state.getLevels(r * cols + c);
          }
        }
      }
      case VALUE_REAL -> throw new IllegalArgumentException("layer " + state.getLayer()
          + " is real-valued; use decodeReal");
      default -> throw new IllegalArgumentException("layer " + state.getLayer() + " has no value type (got "
          + state.getType() + ")");
    }
    return out;
  }

  /**
   * The states of a REAL block, one row per state.
   *
   * @throws IllegalArgumentException for a block of another type or of the wrong size
   */
  public static float[][] decodeReal(LayerState state) {
    if (state.getType() != ValueType.VALUE_REAL) {
      throw new IllegalArgumentException("layer " + state.getLayer() + " holds " + state.getType()
          + " units; use decode");
    }
    long n = checkShape(state);
    if (state.getValuesCount() != n) {
      throw new IllegalArgumentException("layer " + state.getLayer() + ": values must have " + n
          + " entries, got " + state.getValuesCount());
    }
    float[][] out = new float[state.getRows()][state.getCols()];
    for (int r = 0; r < out.length; r++) {
      for (int c = 0; c < state.getCols(); c++) {
        out[r][c] = state.getValues(r * state.getCols() + c);
      }
    }
    return out;
  }

  /** The states of any block as reals (discrete values as they are, e.g. ±1 or 0/1). */
  public static double[][] values(LayerState state) {
    double[][] out = new double[state.getRows()][];
    if (state.getType() == ValueType.VALUE_REAL) {
      float[][] f = decodeReal(state);
      for (int r = 0; r < f.length; r++) {
        out[r] = new double[f[r].length];
        for (int c = 0; c < f[r].length; c++) {
          out[r][c] = f[r][c];
        }
      }
      return out;
    }
    int[][] d = decode(state);
    for (int r = 0; r < d.length; r++) {
      out[r] = new double[d[r].length];
      for (int c = 0; c < d[r].length; c++) {
        out[r][c] = d[r][c];
      }
    }
    return out;
  }

  /** Row {@code r} of a discrete block; see {@link #decode}. */
  public static int[] row(LayerState state, int r) {
    if (r < 0 || r >= state.getRows()) {
      throw new IndexOutOfBoundsException("row " + r + " of a block of " + state.getRows() + " rows");
    }
    return decode(state)[r];
  }

  /**
   * A SPIN or BINARY state as signs: +1 for the high value (+1 or 1), -1 for the low value (-1
   * or 0). This is how stored patterns and overlaps see any two-valued layer.
   *
   * @throws IllegalArgumentException for a layer that is not SPIN or BINARY
   */
  public static int[] signs(int[] values, ValueType type) {
    if (type != ValueType.VALUE_SPIN && type != ValueType.VALUE_BINARY) {
      throw new IllegalArgumentException("only SPIN and BINARY units have signs, not " + type);
    }
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] > 0 ? 1 : -1;
    }
    return out;
  }

  /** The layer's value for sign {@code sign} (±1): itself for SPIN, 1 or 0 for BINARY. */
  public static int fromSign(int sign, ValueType type) {
    if (sign != 1 && sign != -1) {
      throw new IllegalArgumentException("a sign is -1 or +1, got " + sign);
    }
    return switch (type) {
      case VALUE_SPIN -> sign;
      case VALUE_BINARY -> sign > 0 ? 1 : 0;
      default -> throw new IllegalArgumentException("only SPIN and BINARY units have signs, not " + type);
    };
  }

  /** The block of layer {@code name} in a chain's state, if the chain carries it. */
  public static Optional<LayerState> layer(ChainState chain, String name) {
    return layer(chain.getLayersList(), name);
  }

  /** The block of layer {@code name} among {@code blocks}, if present. */
  public static Optional<LayerState> layer(List<LayerState> blocks, String name) {
    return blocks.stream().filter(b -> b.getLayer().equals(name)).findFirst();
  }

  /**
   * The visible layer of {@code layers} (the one marked visible, else the first).
   *
   * @throws IllegalArgumentException if there are no layers
   */
  public static LayerInfo visible(List<LayerInfo> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("the model lists no layers");
    }
    return layers.stream().filter(LayerInfo::getVisible).findFirst().orElse(layers.get(0));
  }

  // ---- helpers --------------------------------------------------------------------------

  private static boolean inDomain(ValueType type, int v) {
    return type == ValueType.VALUE_SPIN ? v == 1 || v == -1 : v == 0 || v == 1;
  }

  private static IllegalArgumentException outOfDomain(LayerInfo layer, int r, int c, int v) {
    String domain = switch (layer.getType()) {
      case VALUE_SPIN -> "-1 or +1";
      case VALUE_BINARY -> "0 or 1";
      default -> "in 0.." + (layer.getLevels() - 1);
    };
    return new IllegalArgumentException("layer " + layer.getName() + " (" + layer.getType() + "): row " + r
        + ", unit " + c + " must be " + domain + ", got " + v);
  }

  private static LayerState.Builder header(LayerInfo layer, int rows) {
    return LayerState.newBuilder().setLayer(layer.getName()).setType(layer.getType()).setRows(rows)
        .setCols(layer.getUnits());
  }

  private static LayerInfo info(String layer, int[][] rows, ValueType type) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("layer " + layer + ": a block needs at least one row");
    }
    return LayerInfo.newBuilder().setName(layer).setType(type).setUnits(rows[0].length).build();
  }

  private static void checkRows(int rows, LayerInfo layer) {
    if (rows == 0) {
      throw new IllegalArgumentException("layer " + layer.getName() + ": a block needs at least one row");
    }
    if (layer.getUnits() == 0) {
      throw new IllegalArgumentException("layer " + layer.getName() + " has no units");
    }
  }

  private static void checkLength(int length, int row, LayerInfo layer) {
    if (length != layer.getUnits()) {
      throw new IllegalArgumentException("layer " + layer.getName() + " has " + layer.getUnits() + " units but row "
          + row + " has " + length + " values");
    }
  }

  private static long checkShape(LayerState state) {
    long n = Integer.toUnsignedLong(state.getRows()) * Integer.toUnsignedLong(state.getCols());
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("layer " + state.getLayer() + ": " + state.getRows() + " x "
          + state.getCols() + " states is too large to decode");
    }
    return n;
  }

  private static int bytesFor(long units) {
    return (int) ((units + 7) / 8);
  }
}
