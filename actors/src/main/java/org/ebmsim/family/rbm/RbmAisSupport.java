package org.ebmsim.family.rbm;

import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BaseRates;
import org.ebmsim.dynamics.rbm.Rbm;
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

  @Override
  public void checkData(FloatMatrix data) {
    int v = rbm.visibleUnits();
    InvalidRequestException.require(data.cols() == v, "data must have one column per visible unit, " + v + " (got "
        + data.cols() + ")");
    ValueType type = rbm.visibleType();
    float[] d = data.data();
    for (int k = 0; k < d.length; k++) {
      float x = d[k];
      boolean ok = switch (type) {
        case BINARY -> x == 0 || x == 1;
        case SPIN -> x == -1 || x == 1;
        default -> Float.isFinite(x);
      };
      InvalidRequestException.require(ok, "data[" + k / v + "][" + k % v + "] must be " + switch (type) {
        case BINARY -> "0 or 1 for a BINARY RBM";
        case SPIN -> "-1 or +1 for this RBM";
        default -> "finite";
      } + " (got " + x + ")");
    }
  }

  @Override
  public AisPathSpec pathSpec(Base base, FloatMatrix data) {
    if (!rbm.acceptsBaseRates()) {
      InvalidRequestException.require(base == Base.DEFAULT, "base must be unset for this RBM: its AIS path starts"
          + " from a fixed base (binary-Gaussian: N(0, I) on the hidden representation; Gaussian-Bernoulli: the"
          + " same model with W = 0)");
      return new AisPathSpec(null);
    }
    boolean spins = rbm.visibleType() == ValueType.SPIN;
    return switch (base) {
      case DEFAULT -> new AisPathSpec(data == null ? BaseRates.uniform(rbm.visibleUnits())
          : BaseRates.fromData(data, spins, BASE_RATE_PSEUDO_COUNT));
      case UNIFORM -> new AisPathSpec(BaseRates.uniform(rbm.visibleUnits()));
      case DATA_BASE_RATE -> {
        InvalidRequestException.require(data != null, "base DATA_BASE_RATE needs data to fit the base rates");
        yield new AisPathSpec(BaseRates.fromData(data, spins, BASE_RATE_PSEUDO_COUNT));
      }
    };
  }

  @Override
  public AisPath path(AisPathSpec spec, Gemm gemm) {
    return rbm.aisPath(spec.baseVisibleBias(), gemm);
  }

  @Override
  public double[] negativeFreeEnergies(FloatMatrix data) {
    int n = data.cols();
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
