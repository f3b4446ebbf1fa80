package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
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
    RbmSampling sampling = new RbmSampling(rbm);
    rejects(() -> BatchSampler.start(sampling, 1, 0, new LayerBlock[] {sampling.newStates(0, 2)}, SamplerKind.GIBBS,
        Gemm.javaFallback()), "one initial block per layer", "2");
    rejects(() -> BatchSampler.random(sampling, 1, 0, 2, SamplerKind.METROPOLIS, Gemm.javaFallback()),
        "does not support METROPOLIS");
    BatchSampler chains = BatchSampler.random(sampling, 1, 0, 2, SamplerKind.GIBBS, Gemm.javaFallback());
    rejects(() -> chains.clamp(1, 0, 1), "hidden units cannot be clamped");
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
    rejects(() -> BatchSampler.random(new RbmSampling(rbm), 1, 0, 0, SamplerKind.GIBBS, Gemm.javaFallback()),
        "chains", ">= 1");
  }

  @Test
  void enumeratingTooLargeModel_throwsModelTooLarge() {
    BinaryGaussianRbm big = BinaryGaussianRbm.of(21, 2, new double[42], null, null, 1);
    ModelTooLargeException e = assertThrows(ModelTooLargeException.class,
        () -> new RbmEnumeration().logPartition(big));
    assertTrue(e.getMessage().contains("visibleUnits <= 20") && e.getMessage().contains("21"), e.getMessage());
    BinaryRbm wide = BinaryRbm.of(25, 22, new double[25 * 22], null, null);
    e = assertThrows(ModelTooLargeException.class, () -> new RbmEnumeration().logPartition(wide));
    assertTrue(e.getMessage().contains("hiddenUnits <= 20"), e.getMessage());
    // a 25 × 5 model is fine for log Z (enumerates the hidden layer) but not for the visible distribution
    BinaryRbm tall = BinaryRbm.of(25, 5, new double[125], null, null);
    new RbmEnumeration().logPartition(tall);
    assertThrows(ModelTooLargeException.class, () -> new RbmEnumeration().visibleDistribution(tall));
    rejects(() -> new RbmEnumeration(31), "maxEnumeratedUnits");
    rejects(() -> new RbmEnumeration().visibleDistribution(
        GaussianBernoulliRbm.of(2, 1, new double[2], null, null, new double[] {1, 1})), "discrete visible");
  }
}
