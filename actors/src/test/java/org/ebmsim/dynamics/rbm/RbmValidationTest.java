package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.ModelTooLargeException;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RbmValidationTest {
  private static void rejects(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
    }
  }

  @Test
  void shapeMismatches_areRejectedNamingTheField() {
    rejects(() -> BinaryRbm.of(3, 2, new double[5], null, null), "weights", "6");
    rejects(() -> BinaryRbm.of(3, 2, new double[6], new double[2], null), "visibleBias", "3");
    rejects(() -> SpinRbm.of(3, 2, new double[6], null, new double[3]), "hiddenBias", "2");
    rejects(() -> BinaryRbm.of(0, 2, new double[0], null, null), "visibleUnits", ">= 1");
    rejects(() -> BinaryRbm.of(1, 1, new double[] {Double.NaN}, null, null), "weights[0][0]", "finite");
    BinaryRbm rbm = BinaryRbm.of(3, 2, new double[6], null, null);
    BlockGibbsSampler sampler = new BlockGibbsSampler(rbm, Gemm.javaFallback());
    rejects(() -> sampler.hiddenField(FloatMatrix.zeros(4, 5)), "visible", "3 columns");
    rejects(() -> sampler.visibleField(FloatMatrix.zeros(4, 3)), "hidden", "2 columns");
    rejects(() -> GibbsChains.fromVisible(rbm, 1, 0, FloatMatrix.zeros(2, 4)), "visible", "3 columns");
    rejects(() -> VisibleClamp.units(3, 3), "clamped unit index", "[0, 3)");
  }

  @Test
  void nonPositiveSigmaOrBeta_isRejected() {
    rejects(() -> GaussianBernoulliRbm.of(2, 1, new double[2], null, null, new double[] {1, 0}), "visibleSd[1]",
        "> 0");
    rejects(() -> GaussianBernoulliRbm.of(2, 1, new double[2], null, null, new double[] {-1, 1}), "visibleSd[0]");
    rejects(() -> BinaryGaussianRbm.of(2, 1, new double[2], null, null, 0), "inverseTemperature", "> 0");
    rejects(() -> BinaryGaussianRbm.of(2, 1, new double[2], null, null, Double.POSITIVE_INFINITY),
        "inverseTemperature");
  }

  @Test
  void zeroChains_isRejected() {
    BinaryRbm rbm = BinaryRbm.of(3, 2, new double[6], null, null);
    rejects(() -> GibbsChains.random(rbm, 1, 0, 0), "chains", ">= 1");
    rejects(() -> GibbsChains.fromVisible(rbm, 1, 0, FloatMatrix.zeros(0, 3)), "rows");
  }

  @Test
  void enumeratingTooLargeModel_throwsModelTooLarge() {
    BinaryGaussianRbm big = BinaryGaussianRbm.of(21, 2, new double[42], null, null, 1);
    ModelTooLargeException e = assertThrows(ModelTooLargeException.class,
        () -> new ExactEnumeration().logPartition(big));
    assertTrue(e.getMessage().contains("visibleUnits <= 20") && e.getMessage().contains("21"), e.getMessage());
    BinaryRbm wide = BinaryRbm.of(25, 22, new double[25 * 22], null, null);
    e = assertThrows(ModelTooLargeException.class, () -> new ExactEnumeration().logPartition(wide));
    assertTrue(e.getMessage().contains("hiddenUnits <= 20"), e.getMessage());
    // a 25 × 5 model is fine for log Z (enumerates the hidden layer) but not for the visible distribution
    BinaryRbm tall = BinaryRbm.of(25, 5, new double[125], null, null);
    new ExactEnumeration().logPartition(tall);
    assertThrows(ModelTooLargeException.class, () -> new ExactEnumeration().visibleDistribution(tall));
    rejects(() -> new ExactEnumeration(31), "maxEnumeratedUnits");
    rejects(() -> new ExactEnumeration().visibleDistribution(
        GaussianBernoulliRbm.of(2, 1, new double[2], null, null, new double[] {1, 1})), "discrete visible");
  }
}
