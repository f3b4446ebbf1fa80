package org.ebmsim.dynamics.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BinaryRbmTest extends RbmContractTest {
  @Override
  Rbm smallModel() {
    return TestModels.binary(5, 3, 1.0, 0.5, 1);
  }

  @Override
  Rbm mediumModel() {
    return TestModels.binary(12, 7, 0.5, 0.3, 2);
  }

  @Test
  void freeEnergy_isMinusLogSumOverHiddenStates() {
    BinaryRbm rbm = (BinaryRbm) smallModel();
    double[] v = {1, 0, 1, 1, 0};
    double[] terms = new double[8];
    for (int k = 0; k < 8; k++) {
      double[] h = {k & 1, (k >> 1) & 1, (k >> 2) & 1};
      terms[k] = -rbm.energy(v, h);
    }
    assertEquals(-LogSpace.logSumExp(terms), rbm.freeEnergy(v), 1e-12);
  }

  @Test
  void exactLogPartition_sameWhicheverLayerIsEnumerated() {
    // 6 visible × 9 hidden enumerates the visible layer; its transpose (9 × 6) the hidden layer
    BinaryRbm rbm = TestModels.binary(6, 9, 0.8, 0.4, 3);
    double[] w = rbm.weights();
    double[] wt = new double[w.length];
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 9; j++) {
        wt[j * 6 + i] = w[i * 9 + j];
      }
    }
    BinaryRbm transposed = BinaryRbm.of(9, 6, wt, rbm.hiddenBias(), rbm.visibleBias());
    RbmEnumeration exact = new RbmEnumeration();
    assertEquals(exact.logPartition(rbm).joint(), exact.logPartition(transposed).joint(), 1e-10);
    // visible means of the transposed model (enumerating its hidden layer) = hidden means of the original
    double[] viaHidden = exact.visibleMoments(transposed).means();
    double[] dist = exact.visibleDistribution(rbm);
    double[] hiddenMeans = new double[9];
    for (int k = 0; k < dist.length; k++) {
      double[] v = new double[6];
      for (int i = 0; i < 6; i++) {
        v[i] = (k >>> i) & 1;
      }
      double[] u = rbm.hiddenInput(v);
      for (int j = 0; j < 9; j++) {
        hiddenMeans[j] += dist[k] * LogSpace.sigmoid(u[j]);
      }
    }
    for (int j = 0; j < 9; j++) {
      assertEquals(hiddenMeans[j], viaHidden[j], 1e-10, "unit " + j);
    }
  }
}
