package org.ebmsim.dynamics.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ebmsim.dynamics.ising.IsingModel;
import org.junit.jupiter.api.Test;

class BinaryGaussianRbmTest extends RbmContractTest {
  @Override
  Rbm smallModel() {
    return TestModels.binaryGaussian(5, 2, 0.6, 0.3, 1.5, 21);
  }

  @Override
  Rbm mediumModel() {
    return TestModels.binaryGaussian(12, 4, 0.3, 0.2, 1.0, 22);
  }

  @Test
  void freeEnergy_isBetaTimesIsingEnergyWithCouplingsWWt() {
    BinaryGaussianRbm rbm = (BinaryGaussianRbm) smallModel();
    double[] b = rbm.visibleBias();
    double[] c = rbm.hiddenBias();
    double[] w = rbm.weights();
    // H(s) = −½ sᵀJs − (b + Wc)ᵀs with J = WWᵀ
    double[] field = b.clone();
    for (int i = 0; i < 5; i++) {
      for (int m = 0; m < 2; m++) {
        field[i] += w[i * 2 + m] * c[m];
      }
    }
    IsingModel ising = IsingModel.of(5, rbm.couplings(), field);
    byte[] s = {1, -1, -1, 1, 1};
    double[] sd = {1, -1, -1, 1, 1};
    assertEquals(rbm.inverseTemperature() * ising.energy(s), rbm.freeEnergy(sd), 1e-12);
  }

  @Test
  void freeEnergy_matchesNumericalIntegralOverHidden() {
    // one hidden unit: ∫ e^{−βH(s,λ)} dλ by the trapezoid rule on a wide grid
    BinaryGaussianRbm rbm = BinaryGaussianRbm.of(3, 1, new double[] {0.7, -0.4, 0.2}, new double[] {0.1, 0, -0.3},
        new double[] {0.25}, 1.7);
    double[] s = {1, 1, -1};
    double sum = 0;
    double h = 1e-3;
    for (double lambda = -20; lambda <= 20; lambda += h) {
      sum += Math.exp(-rbm.inverseTemperature() * rbm.energy(s, new double[] {lambda})) * h;
    }
    // −F(s) = log ∫ ... − (p/2) log(2π/β)
    double want = Math.log(sum) + rbm.logVisibleOverJoint();
    assertEquals(want, -rbm.freeEnergy(s), 1e-8);
  }
}
