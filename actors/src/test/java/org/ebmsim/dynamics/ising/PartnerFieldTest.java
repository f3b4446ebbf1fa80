package org.ebmsim.dynamics.ising;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The incrementally kept partner field equals the full product after any changes of the units. */
class PartnerFieldTest {
  @Test
  void incrementalField_matchesTheFullProduct_andRecomputeIsExactlyIt() {
    IsingModel model = TestModels.gaussian(23, 0.7, 0.3, 0, 8);
    LayerCouplings[] layers = LayerCouplings.visibleHidden(model, 9);
    for (LayerCouplings layer : layers) {
      int chains = 3;
      int n = layer.units();
      int p = layer.partnerUnits();
      SplittableRandom rng = new SplittableRandom(n);
      byte[] start = new byte[chains * n];
      for (int k = 0; k < start.length; k++) {
        start[k] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
      }
      SpinChains state = new SpinChains(layer, chains, start);
      PartnerField kept = new PartnerField(layer, chains);
      double[] out = new double[chains * p];
      double[] full = new double[chains * p];
      for (int round = 0; round < 200; round++) {
        for (int flips = rng.nextInt(n + 1); flips > 0; flips--) { // none up to every unit
          int c = rng.nextInt(chains);
          int i = rng.nextInt(n);
          state.set(c, i, (byte) -state.spins()[c * n + i]);
        }
        boolean recompute = round % 17 == 0;
        kept.write(state, 0, chains, recompute, out);
        layer.fieldOnPartner(state, full);
        if (recompute) {
          assertArrayEquals(full, out, "recomputed in full, round " + round);
        } else {
          for (int k = 0; k < full.length; k++) {
            assertEquals(full[k], out[k], 1e-12, "round " + round + ", entry " + k);
          }
        }
      }
    }
  }
}
