package org.ebmsim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import org.ebmsim.data.Dataset.Part;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.TrainingData;
import org.junit.jupiter.api.Test;

class ValueTransformsTest {
  private static Dataset ramp(int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int k = 0; k < v.length; k++) {
      v[k] = k;
    }
    int[] labels = new int[rows];
    Arrays.setAll(labels, r -> r % 3);
    return new Dataset(rows, cols, v, labels, 0, 0, new int[0]);
  }

  @Test
  void binarize_spins_andScale_actElementWise_keepingLabels() {
    Dataset d = new Dataset(1, 4, new float[] {0f, 0.5f, 0.51f, 1f}, new int[] {4}, 2, 2, new int[0]);
    assertArrayEquals(new float[] {0, 0, 1, 1}, ValueTransforms.binarize(d, 0.5).values());
    assertArrayEquals(new float[] {-1, -1, 1, 1}, ValueTransforms.toSpins(d, 0.5).values());
    Dataset scaled = ValueTransforms.scale(d, 2);
    assertArrayEquals(new float[] {0, 1, 1.02f, 2}, scaled.values());
    assertArrayEquals(new int[] {4}, scaled.labels());
    assertEquals(2, scaled.imageWidth());
    assertArrayEquals(new float[] {0f, 0.5f, 0.51f, 1f}, d.values(), "the input is unchanged");
    assertThrows(InvalidRequestException.class, () -> ValueTransforms.scale(d, Double.NaN));
    assertThrows(InvalidRequestException.class, () -> ValueTransforms.binarize(d, Double.POSITIVE_INFINITY));
  }

  @Test
  void split_isReproducibleBySeed_disjoint_covering_andOfTheRoundedSize() {
    Dataset d = ramp(1000, 3);
    Dataset a = ValueTransforms.split(d, 0.2, 42);
    Dataset b = ValueTransforms.split(d, 0.2, 42);
    Dataset c = ValueTransforms.split(d, 0.2, 43);
    assertArrayEquals(a.rowsOf(Part.HELD_OUT), b.rowsOf(Part.HELD_OUT));
    assertFalse(Arrays.equals(a.rowsOf(Part.HELD_OUT), c.rowsOf(Part.HELD_OUT)));
    assertEquals(200, a.rowCount(Part.HELD_OUT));
    assertEquals(800, a.rowCount(Part.TRAIN));
    BitSet seen = new BitSet();
    for (int r : a.rowsOf(Part.HELD_OUT)) {
      seen.set(r);
    }
    for (int r : a.rowsOf(Part.TRAIN)) {
      assertFalse(seen.get(r), "row " + r + " is in both parts");
      seen.set(r);
    }
    assertEquals(1000, seen.cardinality());
    // not simply the first or last rows: held-out rows spread over the whole range
    int[] held = a.rowsOf(Part.HELD_OUT);
    assertTrue(held[0] < 50 && held[held.length - 1] > 950, Arrays.toString(held));
  }

  @Test
  void split_keepsOneTrainingRow_andRefusesFractionsOutsideTheRange() {
    assertEquals(0, ValueTransforms.split(ramp(10, 1), 0, 1).rowCount(Part.HELD_OUT));
    assertEquals(1, ValueTransforms.split(ramp(2, 1), 0.9, 1).rowCount(Part.TRAIN));
    assertThrows(InvalidRequestException.class, () -> ValueTransforms.split(ramp(10, 1), 1, 1));
    assertThrows(InvalidRequestException.class, () -> ValueTransforms.split(ramp(10, 1), -0.1, 1));
  }

  @Test
  void toTrainingData_sharesAll_andCopiesTheRowsAndLabelsOfAPart() {
    Dataset d = ValueTransforms.split(ramp(10, 2), 0.3, 7);
    TrainingData all = d.toTrainingData(Part.ALL);
    assertSame(d.values(), all.values());
    assertEquals(0, d.trainingDataBytes(Part.ALL));
    TrainingData held = d.toTrainingData(Part.HELD_OUT);
    int[] rows = d.rowsOf(Part.HELD_OUT);
    assertEquals(3, held.rows());
    assertEquals(3L * 4 * 3, d.trainingDataBytes(Part.HELD_OUT));
    for (int i = 0; i < rows.length; i++) {
      assertEquals(d.value(rows[i], 1), held.values()[i * 2 + 1]);
      assertEquals(rows[i] % 3, held.labels()[i]);
    }
    assertEquals(3, held.classes());
    assertEquals(7, d.toTrainingData(Part.TRAIN).rows());
  }

  @Test
  void theDataset_refusesInconsistentShapes() {
    assertThrows(InvalidRequestException.class, () -> new Dataset(2, 2, new float[3], null, 0, 0, new int[0]));
    assertThrows(InvalidRequestException.class, () -> new Dataset(2, 2, new float[4], new int[1], 0, 0, new int[0]));
    assertThrows(InvalidRequestException.class, () -> new Dataset(1, 4, new float[4], null, 3, 1, new int[0]));
    assertThrows(InvalidRequestException.class, () -> new Dataset(2, 1, new float[2], null, 0, 0, new int[] {1, 0}));
    assertThrows(InvalidRequestException.class, () -> new Dataset(1, 1, new float[1], new int[] {-1}, 0, 0,
        new int[0]));
  }
}
