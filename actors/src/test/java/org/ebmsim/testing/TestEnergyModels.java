package org.ebmsim.testing;

import java.util.List;
import org.ebmsim.dynamics.dbm.Dbm;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.GaussianBernoulliRbm;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.SpinRbm;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.WireArrays;
import org.ebmsim.family.dbm.DbmFamily;
import org.ebmsim.family.ising.BoltzmannFamily;
import org.ebmsim.family.ising.HopfieldFamily;
import org.ebmsim.family.rbm.RbmFamily;
import org.ebmsim.proto.v1.Bias;
import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.DbmSpec;
import org.ebmsim.proto.v1.DbmUnits;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.session.ModelRef;

/** Energy models built from math objects through their families' specs, as the server builds them. */
public final class TestEnergyModels {
  private static final CreateContext LIMITS = CreateContext.of(1 << 16, 1 << 16);

  private TestEnergyModels() {}

  public static EnergyModel hopfield(IsingModel m) {
    return hopfield(m, null, 0);
  }

  /** A Hopfield network of these weights with ±1 patterns (p × N rows) stored for overlaps. */
  public static EnergyModel hopfield(IsingModel m, byte[] patterns, int p) {
    int n = m.units();
    HopfieldFromWeights.Builder spec = HopfieldFromWeights.newBuilder().setWeights(WireArrays.matrix(n, n, m.weights()))
        .addAllBias(WireArrays.listOrZeros(m.bias(), n));
    if (patterns != null) {
      spec.setPatterns(WireArrays.spins(p, n, patterns));
    }
    return new HopfieldFamily().create(spec.build(), LIMITS).model();
  }

  public static EnergyModel boltzmann(IsingModel m, int visible) {
    int n = m.units();
    return new BoltzmannFamily().create(BoltzmannFromWeights.newBuilder()
        .setWeights(WireArrays.matrix(n, n, m.weights())).addAllBias(WireArrays.listOrZeros(m.bias(), n))
        .setVisibleUnits(visible).build(), LIMITS).model();
  }

  public static EnergyModel rbm(Rbm rbm) {
    return rbm(rbm, null, 0);
  }

  /** An RBM of any variant, with ±1 patterns (p × V rows) stored for overlaps. */
  public static EnergyModel rbm(Rbm rbm, byte[] patterns, int p) {
    int v = rbm.visibleUnits();
    int h = rbm.hiddenUnits();
    RbmSpec.Builder spec = RbmSpec.newBuilder().setWeights(WireArrays.matrix(v, h, rbm.weights()))
        .addAllVisibleBias(WireArrays.listOrZeros(rbm.visibleBias(), v))
        .addAllHiddenBias(WireArrays.listOrZeros(rbm.hiddenBias(), h));
    if (rbm instanceof BinaryRbm) {
      spec.setVariant(RbmVariant.BINARY);
    } else if (rbm instanceof SpinRbm) {
      spec.setVariant(RbmVariant.SPIN);
    } else if (rbm instanceof BinaryGaussianRbm g) {
      spec.setVariant(RbmVariant.BINARY_GAUSSIAN).setInverseTemperature(g.inverseTemperature());
    } else {
      spec.setVariant(RbmVariant.GAUSSIAN_BERNOULLI)
          .addAllVisibleSigma(WireArrays.listOrZeros(((GaussianBernoulliRbm) rbm).visibleSd(), v));
    }
    if (patterns != null) {
      spec.setPatterns(WireArrays.spins(p, v, patterns));
    }
    return new RbmFamily().create(spec.build(), LIMITS).model();
  }

  public static EnergyModel dbm(Dbm dbm) {
    DbmSpec.Builder spec = DbmSpec.newBuilder()
        .setUnits(dbm.units() == ValueType.SPIN ? DbmUnits.DBM_SPIN : DbmUnits.DBM_BINARY);
    for (int l = 0; l + 1 < dbm.layers(); l++) {
      spec.addWeights(WireArrays.matrix(dbm.size(l), dbm.size(l + 1), dbm.weights(l)));
    }
    for (int l = 0; l < dbm.layers(); l++) {
      spec.addBiases(Bias.newBuilder().addAllValues(WireArrays.listOrZeros(dbm.bias(l), dbm.size(l))));
    }
    return new DbmFamily().create(spec.build(), LIMITS).model();
  }

  /** A dense associative memory of p × N ±1 patterns with F = x^degree (degree 0: e^x). */
  public static EnergyModel denseMemory(int p, int n, byte[] patterns, int degree) {
    return new org.ebmsim.family.dense.DenseMemoryFamily().create(org.ebmsim.proto.v1.DenseMemorySpec.newBuilder()
        .setPatterns(WireArrays.spins(p, n, patterns))
        .setInteraction(degree == 0 ? org.ebmsim.proto.v1.DenseInteraction.EXPONENTIAL
            : org.ebmsim.proto.v1.DenseInteraction.POWER)
        .setDegree(degree).build(), LIMITS).model();
  }

  /** {@code real} with a planted bug in the kernel of {@code layer} (see {@link FaultySampling}). */
  public static EnergyModel faulty(EnergyModel real, int layer, long failAtSweep) {
    FaultySampling sampling = new FaultySampling(real.sampling(), layer, failAtSweep);
    return new DelegatingEnergyModel(real) {
      @Override
      public org.ebmsim.dynamics.sampling.Sampling sampling() {
        return sampling;
      }
    };
  }

  /** A reference unique to this model object (the node cache keys models by reference). */
  public static ModelRef ref(EnergyModel m) {
    return new ModelRef("m-test-" + Integer.toHexString(System.identityHashCode(m)), 1);
  }

  /** Layer names, for messages. */
  public static List<String> layers(EnergyModel m) {
    return m.sampling().layout().layers().stream().map(s -> s.name()).toList();
  }
}
