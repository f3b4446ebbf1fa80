package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.sampling.BatchSampler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ebmsim.dynamics.blas.FloatMatrix;
import org.junit.jupiter.api.Test;

class GaussianBernoulliRbmTest extends RbmContractTest {
  @Override
  Rbm smallModel() {
    return TestModels.gaussianBernoulli(4, 3, 0.8, 0.5, 31);
  }

  @Override
  Rbm mediumModel() {
    return TestModels.gaussianBernoulli(12, 7, 0.3, 0.3, 32);
  }

  /** Continuous visible units: compare moments with the exact Gaussian mixture instead of a histogram. */
  @Test
  @Override
  void blockGibbs_visibleStatesMatchExactDistribution() {
    GaussianBernoulliRbm rbm = (GaussianBernoulliRbm) smallModel();
    checkMoments(rbm, 1.0, new RbmEnumeration().visibleMoments(rbm));
  }

  /** At T = 2 the moments must be those of the model with σ√2 and c/2 (its law e^{−E/T}). */
  @Test
  @Override
  void blockGibbs_atTemperature_matchesExactDistributionOfTheRescaledModel() {
    GaussianBernoulliRbm rbm = (GaussianBernoulliRbm) smallModel();
    checkMoments(rbm, 2.0, new RbmEnumeration().visibleMoments(TestModels.atTemperature(rbm, 2.0)));
  }

  private void checkMoments(GaussianBernoulliRbm rbm, double t, RbmEnumeration.VisibleMoments exact) {
    int n = rbm.visibleUnits();
    int chains = 20_000;
    for (long seed : SEEDS) {
      BatchSampler g = TestModels.chains(rbm, seed, 0, chains, gemm);
      g.sweep(BURN_IN, t);
      FloatMatrix v = FloatMatrix.wrap(chains, n, TestModels.visible(g));
      for (int i = 0; i < n; i++) {
        double s1 = 0;
        double s2 = 0;
        for (int c = 0; c < chains; c++) {
          s1 += v.get(c, i);
        }
        double mean = s1 / chains;
        for (int c = 0; c < chains; c++) {
          double d = v.get(c, i) - mean;
          s2 += d * d;
        }
        double var = s2 / (chains - 1);
        double ev = exact.variances()[i];
        double meanSe = Math.sqrt(ev / chains);
        // Var of the sample variance ≈ (μ4 − σ⁴)/n; bounded by 3σ⁴ for these near-Gaussian mixtures
        double varSe = Math.sqrt(3 * ev * ev / chains);
        assertTrue(Math.abs(mean - exact.means()[i]) < 5 * meanSe, "T " + t + " seed " + seed + " unit " + i + ": mean " + mean
            + " vs exact " + exact.means()[i] + " (5 SE = " + 5 * meanSe + ")");
        assertTrue(Math.abs(var - ev) < 5 * varSe, "seed " + seed + " unit " + i + ": variance " + var
            + " vs exact " + ev + " (5 SE = " + 5 * varSe + ")");
      }
    }
  }

  @Test
  @Override
  void blockGibbs_clampedUnitsStayFixed_freeUnitsFollowExactConditional() {
    GaussianBernoulliRbm rbm = (GaussianBernoulliRbm) smallModel();
    BatchSampler g = TestModels.chains(rbm, 9, 0, 50, gemm);
    g.clamp(0, 1, 0.25);
    g.sweep(10, 1.0);
    for (int c = 0; c < 50; c++) {
      assertEquals(0.25f, TestModels.visible(g)[c * 4 + 1], "clamped unit of chain " + c);
    }
  }

  @Test
  void freeEnergy_isMinusLogSumOverHiddenStates() {
    GaussianBernoulliRbm rbm = (GaussianBernoulliRbm) smallModel();
    double[] v = {0.3, -1.2, 2.0, 0.1};
    double[] terms = new double[8];
    for (int k = 0; k < 8; k++) {
      double[] h = {k & 1, (k >> 1) & 1, (k >> 2) & 1};
      terms[k] = -rbm.energy(v, h);
    }
    assertEquals(-LogSpace.logSumExp(terms), rbm.freeEnergy(v), 1e-12);
  }

  @Test
  void exactLogPartition_matchesNumericalIntegralOfFreeEnergy() {
    // one visible unit: Z = ∫ e^{−F(v)} dv by the trapezoid rule
    GaussianBernoulliRbm rbm = GaussianBernoulliRbm.of(1, 2, new double[] {0.9, -0.5}, new double[] {0.3},
        new double[] {0.2, -0.1}, new double[] {0.7});
    double sum = 0;
    double h = 1e-3;
    for (double v = -15; v <= 15; v += h) {
      sum += Math.exp(-rbm.freeEnergy(new double[] {v})) * h;
    }
    assertEquals(Math.log(sum), new RbmEnumeration().logPartition(rbm).visible(), 1e-8);
  }
}
