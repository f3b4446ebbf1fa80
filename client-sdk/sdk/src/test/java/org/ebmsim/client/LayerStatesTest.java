package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.SplittableRandom;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.LayerState;
import org.ebmsim.proto.v1.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LayerStatesTest {
  private static final LayerInfo SPIN10 = layer("visible", 10, ValueType.VALUE_SPIN, 0);
  private static final LayerInfo BINARY3 = layer("hidden", 3, ValueType.VALUE_BINARY, 0);

  private static LayerInfo layer(String name, int units, ValueType type, int levels) {
    return LayerInfo.newBuilder().setName(name).setUnits(units).setType(type).setLevels(levels).build();
  }

  @Test
  void encode_spins_packsUnitKAtByteKOver8BitKMod8LeastSignificantFirst() {
    // Two rows of 10 units: unit k = r * 10 + c. Set units 0, 3, 9 (row 0) and 10, 17 (row 1).
    int[][] rows = {
      {1, -1, -1, 1, -1, -1, -1, -1, -1, 1},
      {1, -1, -1, -1, -1, -1, -1, 1, -1, -1}
    };

    LayerState s = LayerStates.encode(SPIN10, rows);

    assertEquals("visible", s.getLayer());
    assertEquals(ValueType.VALUE_SPIN, s.getType());
    assertEquals(2, s.getRows());
    assertEquals(10, s.getCols());
    // byte 0: bits 0 and 3 = 0b0000_1001; byte 1: units 9 and 10 = bits 1 and 2 = 0b0000_0110;
    // byte 2: unit 17 = bit 1 = 0b0000_0010. ceil(20 / 8) = 3 bytes.
    assertEquals(ByteString.copyFrom(new byte[] {0b0000_1001, 0b0000_0110, 0b0000_0010}), s.getBits());
    assertArrayEquals(rows, LayerStates.decode(s));
  }

  @Test
  void decode_binary_setBitIsOneClearBitIsZero() {
    LayerState s = LayerState.newBuilder().setLayer("hidden").setType(ValueType.VALUE_BINARY).setRows(2).setCols(3)
        .setBits(ByteString.copyFrom(new byte[] {0b0010_0101})).build();

    assertArrayEquals(new int[][] {{1, 0, 1}, {0, 0, 1}}, LayerStates.decode(s));
    assertArrayEquals(new int[] {0, 0, 1}, LayerStates.row(s, 1));
    assertArrayEquals(new int[] {-1, -1, 1}, LayerStates.signs(LayerStates.row(s, 1), ValueType.VALUE_BINARY));
  }

  @Test
  void roundTrip_randomStatesOfEveryDiscreteType_andReals() {
    SplittableRandom random = new SplittableRandom(7);
    LayerInfo categorical = layer("potts", 13, ValueType.VALUE_CATEGORICAL, 5);
    LayerInfo real = layer("lambda", 4, ValueType.VALUE_REAL, 0);
    for (int rows = 1; rows <= 9; rows++) {
      int[][] spins = new int[rows][SPIN10.getUnits()];
      int[][] bits = new int[rows][BINARY3.getUnits()];
      int[][] levels = new int[rows][categorical.getUnits()];
      float[][] reals = new float[rows][real.getUnits()];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < 10; c++) {
          spins[r][c] = random.nextBoolean() ? 1 : -1;
        }
        for (int c = 0; c < 3; c++) {
          bits[r][c] = random.nextInt(2);
        }
        for (int c = 0; c < 13; c++) {
          levels[r][c] = random.nextInt(5);
        }
        for (int c = 0; c < 4; c++) {
          reals[r][c] = (float) random.nextGaussian();
        }
      }

      assertArrayEquals(spins, LayerStates.decode(LayerStates.encode(SPIN10, spins)), rows + " rows of spins");
      assertArrayEquals(bits, LayerStates.decode(LayerStates.encode(BINARY3, bits)), rows + " rows of bits");
      assertArrayEquals(levels, LayerStates.decode(LayerStates.encode(categorical, levels)), rows + " rows of levels");
      assertArrayEquals(reals, LayerStates.decodeReal(LayerStates.encodeReal(real, reals)), rows + " rows of reals");
      assertEquals((rows * 10 + 7) / 8, LayerStates.encode(SPIN10, spins).getBits().size());
    }
  }

  @Test
  void values_givesEveryTypeAsReals() {
    assertArrayEquals(new double[][] {{1, -1, 1}}, LayerStates.values(LayerStates.spins("v", new int[][] {{1, -1, 1}})));
    LayerInfo real = layer("v", 2, ValueType.VALUE_REAL, 0);
    assertArrayEquals(new double[][] {{0.5, -2}}, LayerStates.values(LayerStates.encodeReal(real, new float[][] {{0.5f, -2f}})));
  }

  @Test
  void encode_valuesOutsideTheDomainOrWrongShapes_rejectedSayingWhere() {
    assertMessage("row 0, unit 0 must be -1 or +1, got 0", () -> LayerStates.encode(SPIN10, new int[10]));
    assertMessage("row 0, unit 0 must be 0 or 1, got -1", () -> LayerStates.binary("h", new int[][] {{-1, 1}}));
    assertMessage("must be in 0..4, got 5",
        () -> LayerStates.encode(layer("p", 1, ValueType.VALUE_CATEGORICAL, 5), new int[] {5}));
    assertMessage("has 3 units but row 1 has 2 values", () -> LayerStates.encode(BINARY3, new int[][] {{0, 1, 0}, {1, 1}}));
    assertMessage("at least one row", () -> LayerStates.encode(BINARY3, new int[0][]));
    assertMessage("use encodeReal", () -> LayerStates.encode(layer("r", 1, ValueType.VALUE_REAL, 0), new int[] {1}));
    assertMessage("must be finite", () -> LayerStates.encodeReal(layer("r", 1, ValueType.VALUE_REAL, 0),
        new float[][] {{Float.NaN}}));
  }

  @Test
  void decode_payloadOfTheWrongSize_rejected() {
    LayerState shortBits = LayerState.newBuilder().setLayer("v").setType(ValueType.VALUE_SPIN).setRows(3).setCols(3)
        .setBits(ByteString.copyFrom(new byte[1])).build();
    LayerState real = LayerState.newBuilder().setLayer("r").setType(ValueType.VALUE_REAL).setRows(1).setCols(2)
        .addValues(1f).build();

    assertMessage("bits must have ceil(3 x 3 / 8) = 2 bytes, got 1", () -> LayerStates.decode(shortBits));
    assertMessage("values must have 2 entries, got 1", () -> LayerStates.decodeReal(real));
    assertMessage("use decodeReal", () -> LayerStates.decode(real));
    assertThrows(IndexOutOfBoundsException.class, () -> LayerStates.row(LayerStates.encode(BINARY3, new int[] {0, 1, 1}), 1));
  }

  @Test
  void signsAndLayers_findTheVisibleLayerAndBlocksByName() {
    LayerInfo hidden = BINARY3;
    LayerInfo visible = SPIN10.toBuilder().setVisible(true).build();
    ChainState chain = ChainState.newBuilder()
        .addLayers(LayerStates.encode(visible, new int[] {1, 1, 1, 1, 1, -1, -1, -1, -1, -1}))
        .addLayers(LayerStates.encode(hidden, new int[] {1, 0, 1}))
        .build();

    assertEquals(visible, LayerStates.visible(List.of(hidden, visible)));
    assertEquals(hidden, LayerStates.visible(List.of(hidden)), "without a marked layer, the first");
    assertArrayEquals(new int[] {1, 0, 1}, LayerStates.row(LayerStates.layer(chain, "hidden").orElseThrow(), 0));
    assertTrue(LayerStates.layer(chain, "h2").isEmpty());
    assertEquals(0, LayerStates.fromSign(-1, ValueType.VALUE_BINARY));
    assertEquals(-1, LayerStates.fromSign(-1, ValueType.VALUE_SPIN));
    assertMessage("only SPIN and BINARY", () -> LayerStates.signs(new int[] {1}, ValueType.VALUE_REAL));
  }

  private static void assertMessage(String part, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), "message was: " + e.getMessage());
  }
}
