package org.ebmsim.dynamics.modern.ham;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Synapses: the feedback is the exact adjoint of the forward map ({@code ⟨Ax, y⟩ = ⟨x, Aᵀy⟩} on
 * random tensors, to round-off), and the forward maps agree with hand-computed examples and with
 * a direct evaluation of their defining sums on an explicitly zero-padded input.
 */
class SynapseTest {
  private static final long SEED = 2024;

  private static void assertAdjoint(Synapse s, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int trial = 0; trial < 10; trial++) {
      double[] x = HamFixtures.gaussian(r, s.below().size(), 1);
      double[] y = HamFixtures.gaussian(r, s.above().size(), 1);
      double[] ax = new double[s.above().size()];
      double[] aty = new double[s.below().size()];
      s.forward(x, ax);
      s.backward(y, aty);
      double left = HamFixtures.dot(ax, y);
      double right = HamFixtures.dot(x, aty);
      double scale = Math.sqrt(HamFixtures.dot(ax, ax) * HamFixtures.dot(y, y)) + 1;
      assertEquals(left, right, 1e-13 * scale, s.describe() + ": <Ax,y> vs <x,A^T y> at trial " + trial);
    }
  }

  @Test
  void dense_feedbackIsTheTranspose() {
    SplittableRandom r = new SplittableRandom(SEED);
    assertAdjoint(HamFixtures.dense(r, TensorShape.dense(7), TensorShape.dense(4), 1), SEED);
    assertAdjoint(HamFixtures.dense(r, new TensorShape(2, 3, 3), TensorShape.dense(5), 1), SEED + 1);
  }

  @ParameterizedTest(name = "in {0}x{1}x{2}, out channels {3}, kernel {4}x{5}, stride {6}, padding {7}")
  @CsvSource({
      "1, 5, 5, 1, 3, 3, 1, 0",
      "2, 6, 7, 3, 3, 2, 1, 1",
      "3, 8, 8, 2, 3, 3, 2, 1",
      "2, 7, 5, 4, 2, 3, 3, 2",
      "1, 4, 4, 2, 4, 4, 1, 0",
      "2, 9, 9, 1, 5, 5, 2, 2"})
  void conv_transposeIsTheAdjoint_andForwardMatchesTheDefinition(int cin, int h, int w, int cout, int kh, int kw,
      int stride, int padding) {
    int oh = (h + 2 * padding - kh) / stride + 1;
    int ow = (w + 2 * padding - kw) / stride + 1;
    TensorShape below = new TensorShape(cin, h, w);
    TensorShape above = new TensorShape(cout, oh, ow);
    SplittableRandom r = new SplittableRandom(SEED + cin * 31L + h * 7L + kh);
    double[] kernel = HamFixtures.gaussian(r, cout * cin * kh * kw, 1);
    ConvSynapse conv = new ConvSynapse(below, above, kernel, kh, kw, stride, padding);
    assertAdjoint(conv, SEED + 3);

    // the definition on an explicitly zero-padded copy of x
    double[] x = HamFixtures.gaussian(r, below.size(), 1);
    int ph = h + 2 * padding;
    int pw = w + 2 * padding;
    double[][][] padded = new double[cin][ph][pw];
    for (int c = 0; c < cin; c++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          padded[c][i + padding][j + padding] = x[(c * h + i) * w + j];
        }
      }
    }
    double[] expected = new double[above.size()];
    for (int o = 0; o < cout; o++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double s = 0;
          for (int c = 0; c < cin; c++) {
            for (int a = 0; a < kh; a++) {
              for (int b = 0; b < kw; b++) {
                s += kernel[((o * cin + c) * kh + a) * kw + b] * padded[c][i * stride + a][j * stride + b];
              }
            }
          }
          expected[(o * oh + i) * ow + j] = s;
        }
      }
    }
    double[] actual = new double[above.size()];
    conv.forward(x, actual);
    assertArrayEquals(expected, actual, 1e-12);
  }

  @Test
  void conv_handExample() {
    // 1 channel 3x3 input 1..9, 2x2 kernel [[1, 0], [0, -1]], stride 1, no padding: x[i][j] − x[i+1][j+1]
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    ConvSynapse conv = new ConvSynapse(new TensorShape(1, 3, 3), new TensorShape(1, 2, 2),
        new double[] {1, 0, 0, -1}, 2, 2, 1, 0);
    double[] y = new double[4];
    conv.forward(x, y);
    assertArrayEquals(new double[] {-4, -4, -4, -4}, y, 0);
    // transpose of a single output 1 at (0, 0): the kernel placed at (0, 0)
    double[] back = new double[9];
    conv.backward(new double[] {1, 0, 0, 0}, back);
    assertArrayEquals(new double[] {1, 0, 0, 0, -1, 0, 0, 0, 0}, back, 0);
  }

  @ParameterizedTest(name = "{0} channels {1}x{2}, window {3}x{4}, stride {5}")
  @CsvSource({
      "1, 4, 4, 2, 2, 2",
      "3, 6, 6, 3, 3, 3",
      "2, 5, 7, 2, 3, 1",
      "2, 7, 7, 3, 2, 2"})
  void averagePooling_transposeIsTheAdjoint(int channels, int h, int w, int kh, int kw, int stride) {
    TensorShape below = new TensorShape(channels, h, w);
    TensorShape above = new TensorShape(channels, (h - kh) / stride + 1, (w - kw) / stride + 1);
    assertAdjoint(new AveragePoolSynapse(below, above, kh, kw, stride), SEED + h * 13L + kw);
  }

  @Test
  void averagePooling_handExample() {
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    AveragePoolSynapse pool = new AveragePoolSynapse(new TensorShape(1, 4, 4), new TensorShape(1, 2, 2), 2, 2, 2);
    double[] y = new double[4];
    pool.forward(x, y);
    assertArrayEquals(new double[] {3.5, 5.5, 11.5, 13.5}, y, 1e-15);
    double[] back = new double[16];
    pool.backward(new double[] {4, 0, 0, 8}, back);
    assertArrayEquals(new double[] {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2}, back, 1e-15);
  }
}
