package org.ebmsim.dynamics.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Subset-sum products against a float64 reference, for 0/1 and ±1 rows, shapes with a partial
 * group and a partial slab; row independence (the same bits whatever rows are computed together);
 * the transposed source; and refusals.
 */
class SubsetSumTableTest {

  private static float[] matrix(int rows, int cols, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] m = new float[rows * cols];
    for (int k = 0; k < m.length; k++) {
      m[k] = (float) rng.nextGaussian();
    }
    return m;
  }

  private static float[] states(int count, int units, float low, float high, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] a = new float[count * units];
    for (int k = 0; k < a.length; k++) {
      a[k] = rng.nextBoolean() ? high : low;
    }
    return a;
  }

  @Test
  void productsMatchTheFloat64Reference() {
    for (float[] values : new float[][] {{0f, 1f}, {-1f, 1f}}) {
      for (int[] shape : new int[][] {{1, 1}, {3, 5}, {37, 70}, {64, 32}, {784, 500}}) {
        int k = shape[0];
        int n = shape[1];
        int count = 9;
        float[] b = matrix(k, n, k * 31L + n);
        float[] a = states(count, k, values[0], values[1], k + n);
        SubsetSumTable table = SubsetSumTable.of(b, k, n, false, values[0], values[1]);
        float[] c = new float[count * n];
        table.multiply(a, k, 0, count, c, n, table.newScratch(count));
        for (int r = 0; r < count; r++) {
          for (int j = 0; j < n; j++) {
            double exact = 0;
            double scale = 0;
            for (int i = 0; i < k; i++) {
              exact += (double) a[r * k + i] * b[i * n + j];
              scale += Math.abs(b[i * n + j]);
            }
            // float sums of ⌈k/4⌉ terms each rounded once: well within k·2⁻²⁴ of the scale
            assertEquals(exact, c[r * n + j], 1e-7 * (k + 4) * scale, "row " + r + ", column " + j + ", shape "
                + k + "×" + n + ", values " + values[0] + "/" + values[1]);
          }
        }
      }
    }
  }

  @Test
  void eachRowDependsOnItsOwnRowOnly() {
    int k = 101;
    int n = 77;
    int count = 13;
    float[] b = matrix(k, n, 5);
    float[] a = states(count, k, 0f, 1f, 6);
    SubsetSumTable table = SubsetSumTable.of(b, k, n, false, 0f, 1f);
    float[] whole = new float[count * n];
    table.multiply(a, k, 0, count, whole, n, table.newScratch(count));
    float[] pieces = new float[count * n];
    SubsetSumTable.Scratch scratch = table.newScratch(5);
    for (int from = 0; from < count; from += 5) {
      table.multiply(a, k, from, Math.min(count, from + 5), pieces, n, scratch);
    }
    assertArrayEquals(whole, pieces);
    // a row alone, written at a wider leading dimension
    float[] alone = new float[3 * (n + 4)];
    table.multiply(a, k, 2, 3, alone, n + 4, scratch);
    for (int j = 0; j < n; j++) {
      assertEquals(whole[2 * n + j], alone[2 * (n + 4) + j]);
    }
  }

  @Test
  void aTransposedSourceGivesTheSameTable() {
    int k = 45;
    int n = 39;
    float[] b = matrix(k, n, 8);
    float[] bt = new float[n * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < n; j++) {
        bt[j * k + i] = b[i * n + j];
      }
    }
    float[] a = states(4, k, -1f, 1f, 9);
    SubsetSumTable direct = SubsetSumTable.of(b, k, n, false, -1f, 1f);
    SubsetSumTable transposed = SubsetSumTable.of(bt, k, n, true, -1f, 1f);
    float[] c1 = new float[4 * n];
    float[] c2 = new float[4 * n];
    direct.multiply(a, k, 0, 4, c1, n, direct.newScratch(4));
    transposed.multiply(a, k, 0, 4, c2, n, transposed.newScratch(4));
    assertArrayEquals(c1, c2);
  }

  @Test
  void strayEntriesAndOversizedTablesAreRefused() {
    SubsetSumTable table = SubsetSumTable.of(matrix(6, 3, 1), 6, 3, false, 0f, 1f);
    float[] a = {0, 1, 0, 1, 0.5f, 1};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> table.multiply(a, 6, 0, 1, new float[3], 3, table.newScratch(1)));
    assertTrue(e.getMessage().contains("neither"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> table.multiply(new float[12], 6, 0, 2, new float[6], 3,
        table.newScratch(1)));
    assertTrue(SubsetSumTable.fits(784, 500));
    assertTrue(!SubsetSumTable.fits(4096, 4096));
    assertThrows(IllegalArgumentException.class, () -> SubsetSumTable.of(new float[5], 2, 3, false, 0f, 1f));
  }
}
