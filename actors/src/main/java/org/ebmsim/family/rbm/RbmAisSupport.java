package org.ebmsim.family.rbm;

import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BaseRates;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.AisSupport;

/**
 * AIS for every RBM variant: the variant builds its own path ({@link Rbm#aisPath}); binary and
 * spin RBMs may start from base rates fitted to data, the continuous variants from their fixed
 * bases.
 */
final class RbmAisSupport implements AisSupport {
  private static final double BASE_RATE_PSEUDO_COUNT = 1.0;

  private final Rbm rbm;

  RbmAisSupport(Rbm rbm) {
    this.rbm = rbm;
  }

  /** The data as a float matrix (rows × V). */
  static FloatMatrix matrix(LayerBlock data) {
    FloatMatrix m = FloatMatrix.zeros(data.rows(), data.units());
    for (int r = 0; r < data.rows(); r++) {
      for (int i = 0; i < data.units(); i++) {
        m.set(r, i, (float) data.get(r, i));
      }
    }
    return m;
  }

  @Override
  public AisPathSpec pathSpec(Base base, LayerBlock data) {
    if (!rbm.acceptsBaseRates()) {
      InvalidRequestException.require(base == Base.DEFAULT, "base must be unset for this RBM: its AIS path starts"
          + " from a fixed base (binary-Gaussian: N(0, I) on the hidden representation; Gaussian-Bernoulli: the"
          + " same model with W = 0)");
      return new AisPathSpec(null);
    }
    boolean spins = rbm.visibleType() == ValueType.SPIN;
    return switch (base) {
      case DEFAULT -> new AisPathSpec(data == null ? BaseRates.uniform(rbm.visibleUnits())
          : BaseRates.fromData(matrix(data), spins, BASE_RATE_PSEUDO_COUNT));
      case UNIFORM -> new AisPathSpec(BaseRates.uniform(rbm.visibleUnits()));
      case DATA_BASE_RATE -> {
        InvalidRequestException.require(data != null, "base DATA_BASE_RATE needs data to fit the base rates");
        yield new AisPathSpec(BaseRates.fromData(matrix(data), spins, BASE_RATE_PSEUDO_COUNT));
      }
    };
  }

  @Override
  public AisPath path(AisPathSpec spec, Gemm gemm) {
    return rbm.aisPath(spec.baseVisibleBias(), gemm);
  }

  @Override
  public double[] negativeFreeEnergies(LayerBlock data) {
    int n = data.units();
    double[] v = new double[n];
    double[] out = new double[data.rows()];
    for (int r = 0; r < data.rows(); r++) {
      for (int i = 0; i < n; i++) {
        v[i] = data.get(r, i);
      }
      out[r] = -rbm.freeEnergy(v);
    }
    return out;
  }
}
