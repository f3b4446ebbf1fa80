package org.ebmsim.testing;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.LayerState;
import org.ebmsim.proto.v1.ValueType;

/**
 * Layers and layer states as the fake server writes them. The bit packing is written out here
 * on purpose rather than taken from the SDK, so that tests of the SDK's decoding check it
 * against an independent encoder (unit k = r · cols + c at byte k / 8, bit k % 8).
 */
final class FakeStates {
  private FakeStates() {}

  static LayerInfo layer(String name, int units, ValueType type, boolean visible) {
    return LayerInfo.newBuilder().setName(name).setUnits(units).setType(type).setVisible(visible).build();
  }

  /** One block of {@code rows} states of {@code layer}; discrete values in the layer's domain. */
  static LayerState state(LayerInfo layer, double[][] rows) {
    LayerState.Builder b = LayerState.newBuilder().setLayer(layer.getName()).setType(layer.getType())
        .setRows(rows.length).setCols(layer.getUnits());
    int cols = layer.getUnits();
    switch (layer.getType()) {
      case VALUE_SPIN, VALUE_BINARY -> {
        byte[] bits = new byte[(rows.length * cols + 7) / 8];
        for (int r = 0; r < rows.length; r++) {
          for (int c = 0; c < cols; c++) {
            if (rows[r][c] > 0) {
              int k = r * cols + c;
              bits[k / 8] |= (byte) (1 << (k % 8));
            }
          }
        }
        b.setBits(ByteString.copyFrom(bits));
      }
      case VALUE_CATEGORICAL -> {
        for (double[] row : rows) {
          for (double v : row) {
            b.addLevels((int) v);
          }
        }
      }
      default -> {
        for (double[] row : rows) {
          for (double v : row) {
            b.addValues((float) v);
          }
        }
      }
    }
    return b.build();
  }

  /** A single state: unit i is the high value for even i, the low value for odd i. */
  static LayerState alternating(LayerInfo layer) {
    double[] row = new double[layer.getUnits()];
    for (int i = 0; i < row.length; i++) {
      row[i] = i % 2 == 0 ? high(layer.getType()) : low(layer.getType());
    }
    return state(layer, new double[][] {row});
  }

  /** The alternating state of every layer. */
  static List<LayerState> alternating(List<LayerInfo> layers) {
    List<LayerState> out = new ArrayList<>();
    layers.forEach(l -> out.add(alternating(l)));
    return out;
  }

  static double high(ValueType type) {
    return type == ValueType.VALUE_REAL ? 0.5 : 1;
  }

  static double low(ValueType type) {
    return switch (type) {
      case VALUE_SPIN -> -1;
      case VALUE_REAL -> -0.5;
      default -> 0;
    };
  }
}
