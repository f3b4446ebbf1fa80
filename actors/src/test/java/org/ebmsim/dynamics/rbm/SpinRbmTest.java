package org.ebmsim.dynamics.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SpinRbmTest extends RbmContractTest {
  @Override
  Rbm smallModel() {
    return TestModels.spin(5, 3, 0.6, 0.3, 11);
  }

  @Override
  Rbm mediumModel() {
    return TestModels.spin(12, 7, 0.3, 0.2, 12);
  }

  @Test
  void freeEnergy_isMinusLogSumOverHiddenSpins() {
    SpinRbm rbm = (SpinRbm) smallModel();
    double[] s = {1, -1, 1, 1, -1};
    double[] terms = new double[8];
    for (int k = 0; k < 8; k++) {
      double[] h = {2 * (k & 1) - 1, 2 * ((k >> 1) & 1) - 1, 2 * ((k >> 2) & 1) - 1};
      terms[k] = -rbm.energy(s, h);
    }
    assertEquals(-LogSpace.logSumExp(terms), rbm.freeEnergy(s), 1e-12);
  }
}
