package org.ebmsim.server.grpc;

import org.ebmsim.errors.InvalidRequestException;
import static org.ebmsim.errors.InvalidRequestException.require;

import com.google.protobuf.ByteString;
import java.util.List;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.LayerState;
import org.ebmsim.proto.v1.ValueType;
import org.ebmsim.session.ChainSnapshot;

/**
 * Layered states between the engine and the wire: {@link LayerBlock} ↔ {@link LayerState}
 * (spins and bits packed one per bit, least significant first; levels as integers; reals as
 * float32) and layer shapes ↔ {@link LayerInfo}. Decoding checks everything a client can get
 * wrong and names the field.
 */
final class WireStates {
  private WireStates() {}

  static ValueType type(org.ebmsim.dynamics.state.ValueType t) {
    return switch (t) {
      case SPIN -> ValueType.VALUE_SPIN;
      case BINARY -> ValueType.VALUE_BINARY;
      case CATEGORICAL -> ValueType.VALUE_CATEGORICAL;
      case REAL -> ValueType.VALUE_REAL;
    };
  }

  static LayerInfo info(LayerShape s) {
    return LayerInfo.newBuilder().setName(s.name()).setUnits(s.units()).setType(type(s.type())).setLevels(s.levels())
        .setVisible(s.visible()).build();
  }

  static List<LayerInfo> infos(LayerLayout layout) {
    return layout.layers().stream().map(WireStates::info).toList();
  }

  /** The wire form of a block. */
  static LayerState state(LayerBlock b) {
    LayerShape s = b.shape();
    LayerState.Builder out = LayerState.newBuilder().setLayer(s.name()).setType(type(s.type())).setRows(b.rows())
        .setCols(s.units());
    int n = b.rows() * s.units();
    switch (s.type()) {
      case SPIN, BINARY -> {
        byte[] bits = new byte[(n + 7) / 8];
        for (int k = 0; k < n; k++) {
          double v = b.isFloat() ? b.floats()[k] : b.bytes()[k];
          if (v > 0) {
            bits[k >>> 3] |= (byte) (1 << (k & 7));
          }
        }
        out.setBits(ByteString.copyFrom(bits));
      }
      case CATEGORICAL -> {
        for (int k = 0; k < n; k++) {
          out.addLevels((int) (b.isFloat() ? b.floats()[k] : b.bytes()[k]));
        }
      }
      case REAL -> {
        for (int k = 0; k < n; k++) {
          out.addValues(b.isFloat() ? b.floats()[k] : b.bytes()[k]);
        }
      }
    }
    return out.build();
  }

  static ChainState chain(ChainSnapshot c) {
    ChainState.Builder b = ChainState.newBuilder().setChain(c.chain()).setEnergy(c.energy());
    c.layers().forEach(l -> b.addLayers(state(l)));
    return b.build();
  }

  /**
   * A block of {@code shape} from the wire, checked: its layer name (empty allowed for the
   * visible layer), type, columns, rows (1 .. maxRows) and every value's domain.
   */
  static LayerBlock block(LayerState st, LayerShape shape, long maxRows, String field) {
    require(st.getLayer().isEmpty() || st.getLayer().equals(shape.name()), field + ".layer must be "
        + shape.name() + " (got " + org.ebmsim.errors.Quoting.quote(st.getLayer()) + ")");
    require(st.getType() == ValueType.VALUE_TYPE_UNSPECIFIED || st.getType() == type(shape.type()), field
        + ".type must be " + type(shape.type()) + " for layer " + shape.name() + " (got " + st.getType() + ")");
    long rows = Integer.toUnsignedLong(st.getRows());
    require(rows >= 1, field + ".rows must be >= 1");
    ResourceLimitException.limit(rows <= maxRows, field + ".rows is " + rows + ", above the limit of " + maxRows);
    require(Integer.toUnsignedLong(st.getCols()) == shape.units(), field + ".cols must be the " + shape.units()
        + " units of layer " + shape.name() + " (got " + Integer.toUnsignedString(st.getCols()) + ")");
    int n = (int) rows * shape.units();
    switch (shape.type()) {
      case SPIN, BINARY -> {
        require(st.getBits().size() == (n + 7) / 8, field + ".bits must have ceil(rows * cols / 8) = "
            + (n + 7) / 8 + " bytes (got " + st.getBits().size() + ")");
        require(st.getLevelsCount() == 0 && st.getValuesCount() == 0, field + ": a " + shape.type()
            + " layer's states go in bits");
        LayerBlock out = LayerBlock.ofBytes(shape, (int) rows);
        byte low = (byte) shape.type().low();
        for (int k = 0; k < n; k++) {
          out.bytes()[k] = ((st.getBits().byteAt(k >>> 3) >>> (k & 7)) & 1) == 1 ? (byte) 1 : low;
        }
        return out;
      }
      case CATEGORICAL -> {
        require(st.getLevelsCount() == n, field + ".levels must have rows * cols = " + n + " entries (got "
            + st.getLevelsCount() + ")");
        LayerBlock out = LayerBlock.ofBytes(shape, (int) rows);
        for (int k = 0; k < n; k++) {
          int v = st.getLevels(k);
          if (!(v >= 0 && v < shape.levels())) { // message built on failure only
            throw new InvalidRequestException(field + ".levels[" + k + "] must be in [0, " + (shape.levels() - 1)
              + "] (got " + v + ")");
          }
          out.bytes()[k] = (byte) v;
        }
        return out;
      }
      default -> {
        require(st.getValuesCount() == n, field + ".values must have rows * cols = " + n + " entries (got "
            + st.getValuesCount() + ")");
        LayerBlock out = LayerBlock.ofFloats(shape, (int) rows);
        for (int k = 0; k < n; k++) {
          float v = st.getValues(k);
          if (!shape.accepts(v)) { // message built on failure only
            throw new InvalidRequestException(field + ".values[" + k + "] must be " + shape.domain() + " (got "
                + v + ")");
          }
          out.floats()[k] = v;
        }
        return out;
      }
    }
  }
}
