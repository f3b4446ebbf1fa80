package org.ebmsim.dynamics.ising;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Flips add float32 coupling rows only when every coupling keeps its digits in float32; otherwise
 * (the spec admits |W| up to 1e100, and tiny couplings would underflow) they add the double rows
 * and the fields stay exact.
 */
class LayerCouplingsTest {
  @Test
  void ordinaryCouplings_getAFloatCopy_roundedEntryByEntry() {
    IsingModel sk = TestModels.sherringtonKirkpatrick(30, 3);
    float[] f = LayerCouplings.single(sk).internalFloat();
    assertNotNull(f);
    for (int i = 0; i < 30; i++) {
      for (int j = 0; j < 30; j++) {
        assertEquals((float) (i == j ? 0 : sk.weight(i, j)), f[i * 30 + j], 0f); // ±0 on the diagonal
      }
    }
  }

  @Test
  void hugeOrTinyCouplings_keepDoubleRows_andExactFields() {
    for (double scale : new double[] {1e40, 1e-40}) {
      int n = 12;
      double[] w = new double[n * n];
      SplittableRandom rng = new SplittableRandom(5);
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          w[i * n + j] = w[j * n + i] = scale * rng.nextGaussian();
        }
      }
      IsingModel model = IsingModel.of(n, w, null);
      LayerCouplings layer = LayerCouplings.single(model);
      assertNull(layer.internalFloat(), "scale " + scale);
      byte[] start = new byte[2 * n];
      for (int k = 0; k < start.length; k++) {
        start[k] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
      }
      SpinChains chains = new SpinChains(layer, 2, start);
      SplittableRandom[] rngs = {new SplittableRandom(1), new SplittableRandom(2)};
      long flips = 0;
      for (int sweep = 0; sweep < 20; sweep++) {
        flips += new GibbsSampler().sweep(chains, 0, 2, 1 / scale, rngs, null);
      }
      assertEquals(true, flips > 0, "the chains must move for the check to mean something");
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < n; i++) {
          double exact = model.localField(chains.spins(), c * n, i);
          assertEquals(exact, chains.localField(c, i), 1e-12 * scale * n, "scale " + scale + ", chain " + c);
        }
      }
    }
  }
}
