package org.ebmsim.server;

import com.google.protobuf.ByteString;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.LayerState;
import org.ebmsim.proto.v1.ValueType;

/** Layered states on the wire, decoded and encoded the way a client would (test support). */
final class Wire {
  private Wire() {}

  /** Every value of a block, row-major: ±1 for spins, 0/1 for bits, levels, reals. */
  static double[] values(LayerState s) {
    int n = s.getRows() * s.getCols();
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      out[k] = switch (s.getType()) {
        case VALUE_SPIN -> bit(s, k) ? 1 : -1;
        case VALUE_BINARY -> bit(s, k) ? 1 : 0;
        case VALUE_CATEGORICAL -> s.getLevels(k);
        default -> s.getValues(k);
      };
    }
    return out;
  }

  private static boolean bit(LayerState s, int k) {
    return ((s.getBits().byteAt(k >>> 3) >>> (k & 7)) & 1) == 1;
  }

  /** A block's values as bytes (discrete layers). */
  static byte[] bytes(LayerState s) {
    double[] v = values(s);
    byte[] out = new byte[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = (byte) v[k];
    }
    return out;
  }

  /** A chain's state over all its layers, concatenated in layer order (discrete layers). */
  static byte[] spins(ChainState c) {
    int n = c.getLayersList().stream().mapToInt(l -> l.getCols()).sum();
    byte[] out = new byte[n];
    int at = 0;
    for (LayerState l : c.getLayersList()) {
      byte[] b = bytes(l);
      System.arraycopy(b, 0, out, at, b.length);
      at += b.length;
    }
    return out;
  }

  /** A SPIN (or BINARY) block of {@code rows × cols} values (±1, or 0/1). */
  static LayerState block(String layer, ValueType type, int rows, int cols, byte[] values) {
    byte[] bits = new byte[(values.length + 7) / 8];
    for (int k = 0; k < values.length; k++) {
      if (values[k] > 0) {
        bits[k >>> 3] |= (byte) (1 << (k & 7));
      }
    }
    return LayerState.newBuilder().setLayer(layer).setType(type).setRows(rows).setCols(cols)
        .setBits(ByteString.copyFrom(bits)).build();
  }

  /** A spin block of the visible layer. */
  static LayerState visibleSpins(int rows, int cols, byte[] values) {
    return block("visible", ValueType.VALUE_SPIN, rows, cols, values);
  }
}
