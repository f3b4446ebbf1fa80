package org.ebmsim.family.ising;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.ebmsim.dynamics.ising.HopfieldRules;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.NotFoundException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.DatasetLookup;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.TrainingData;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.DatasetPatterns;
import org.ebmsim.proto.v1.HopfieldFromDataset;
import org.ebmsim.proto.v1.HopfieldParameters;
import org.ebmsim.proto.v1.StorageRule;
import org.junit.jupiter.api.Test;

/** HopfieldFromDataset: which rows become patterns, {0,1} → ±1, and precise refusals. */
class HopfieldFromDatasetTest {
  // 4 rows × 5 columns of bits, labels 0, 2, 0, 2 (class 1 has no rows)
  static final TrainingData BITS = new TrainingData(4, 5, new float[] {
      1, 0, 1, 1, 0,
      0, 0, 1, 0, 1,
      1, 1, 0, 0, 0,
      0, 1, 1, 0, 1}, new int[] {0, 2, 0, 2}, 3);

  static CreateContext context(Map<String, TrainingData> datasets) {
    DatasetLookup lookup = id -> {
      TrainingData d = datasets.get(id);
      if (d == null) {
        throw new NotFoundException("dataset " + id + " not found");
      }
      return d;
    };
    return new CreateContext(100, 10, () -> false, new MemoryBudget(Long.MAX_VALUE).reserve(0, "test"), lookup);
  }

  static HopfieldParameters create(HopfieldFromDataset spec, Map<String, TrainingData> datasets) {
    EnergyModel m = new HopfieldFamily().create(spec, context(datasets)).model();
    return (HopfieldParameters) m.parameters();
  }

  static byte[] spins(float[] bits, int from, int count) {
    byte[] out = new byte[count];
    for (int k = 0; k < count; k++) {
      out[k] = (byte) (bits[from + k] == 1 ? 1 : -1);
    }
    return out;
  }

  @Test
  void allRowsAndFirstRowsStoreTheMappedBits() {
    HopfieldParameters all = create(HopfieldFromDataset.newBuilder().setDatasetId("d").build(), Map.of("d", BITS));
    assertEquals(StorageRule.HEBBIAN, all.getRule());
    assertEquals(4, all.getPatterns().getRows());
    double[] expected = HopfieldRules.hebbian(4, 5, spins(BITS.values(), 0, 20));
    for (int k = 0; k < 25; k++) {
      assertEquals(expected[k], all.getWeights().getValues(k), 1e-12);
    }
    HopfieldParameters first = create(HopfieldFromDataset.newBuilder().setDatasetId("d").setPatterns(
        DatasetPatterns.FIRST_ROWS).setRows(2).setRule(StorageRule.PROJECTION).build(), Map.of("d", BITS));
    double[] projection = HopfieldRules.projection(2, 5, spins(BITS.values(), 0, 10));
    for (int k = 0; k < 25; k++) {
      assertEquals(projection[k], first.getWeights().getValues(k), 1e-12);
    }
  }

  @Test
  void classMeansAreSignsOfTheMeanRowTiesUp() {
    HopfieldParameters m = create(HopfieldFromDataset.newBuilder().setDatasetId("d").setPatterns(
        DatasetPatterns.CLASS_MEANS).build(), Map.of("d", BITS));
    // class 0: rows 0, 2 → means (1, 0, 0, 0, -1) in ±1 → (+, +tie, +tie, +tie, −)
    // class 2: rows 1, 3 → (−1, 0, 1, −1, 1) → (−, +tie, +, −, +); class 1 has no rows: no pattern
    assertEquals(2, m.getPatterns().getRows());
    int[] expected = {1, 1, 1, 1, -1, -1, 1, 1, -1, 1};
    for (int k = 0; k < 10; k++) {
      assertEquals(expected[k], m.getPatterns().getSpins(k), "entry " + k);
    }
  }

  @Test
  void refusesWhatCannotBeStored() {
    TrainingData real = new TrainingData(2, 3, new float[] {1, 0.5f, 0, 1, 1, 0}, null, 0);
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> create(
        HopfieldFromDataset.newBuilder().setDatasetId("grey").build(), Map.of("grey", real)));
    assertTrue(e.getMessage().contains("grey") && e.getMessage().contains("0.5") && e.getMessage().contains("row 0"),
        e.getMessage());
    TrainingData mixed = new TrainingData(2, 3, new float[] {1, -1, 1, 1, 0, 1}, null, 0);
    e = assertThrows(InvalidRequestException.class, () -> create(HopfieldFromDataset.newBuilder().setDatasetId("m")
        .build(), Map.of("m", mixed)));
    assertTrue(e.getMessage().contains("mixes -1 and 0"), e.getMessage());
    TrainingData unlabelled = new TrainingData(2, 3, new float[] {1, -1, 1, 1, -1, 1}, null, 0);
    e = assertThrows(InvalidRequestException.class, () -> create(HopfieldFromDataset.newBuilder().setDatasetId("u")
        .setPatterns(DatasetPatterns.CLASS_MEANS).build(), Map.of("u", unlabelled)));
    assertTrue(e.getMessage().contains("labels") && e.getMessage().contains("u"), e.getMessage());
    e = assertThrows(InvalidRequestException.class, () -> create(HopfieldFromDataset.newBuilder().setDatasetId("d")
        .setPatterns(DatasetPatterns.FIRST_ROWS).setRows(9).build(), Map.of("d", BITS)));
    assertTrue(e.getMessage().contains("[1, 4]"), e.getMessage());
    assertThrows(NotFoundException.class, () -> create(HopfieldFromDataset.newBuilder().setDatasetId("nope").build(),
        Map.of()));
    e = assertThrows(InvalidRequestException.class, () -> create(HopfieldFromDataset.newBuilder().setDatasetId("d")
        .setRule(StorageRule.VALLEYS_TRAINED).build(), Map.of("d", BITS)));
    assertTrue(e.getMessage().contains("hopfield_dataset.rule"), e.getMessage());
    assertArrayEquals(new float[] {1, 0, 1, 1, 0}, java.util.Arrays.copyOf(BITS.values(), 5), "input untouched");
  }
}
