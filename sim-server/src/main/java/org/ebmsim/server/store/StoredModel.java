package org.ebmsim.server.store;

import org.ebmsim.dynamics.IsingModel;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.GaussianBernoulliRbm;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.SpinRbm;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelKind;
import org.ebmsim.session.ModelView;

/**
 * A registered model: its wire description (with parameters) and the domain object built from it
 * once — the energy ({@link #view()}) of a Hopfield network or Boltzmann machine, or the
 * {@link #rbm()} of a restricted Boltzmann machine — plus its stored ±1 patterns over the visible
 * units. Immutable.
 */
public final class StoredModel {
  private final Model proto;
  private final ModelView view; // null for RBMs
  private final Rbm rbm; // null unless kind == RBM
  private final byte[] patterns;
  private final int patternCount;

  /**
   * Builds the energy (Hopfield, Boltzmann machine) or the RBM from {@code proto}'s parameters.
   *
   * @throws IllegalArgumentException if they are invalid (shapes, non-finite values, asymmetry)
   */
  public StoredModel(Model proto) {
    this.proto = proto;
    this.patternCount = proto.getPatterns().getRows();
    this.patterns = new byte[proto.getPatterns().getSpinsCount()];
    for (int k = 0; k < patterns.length; k++) {
      patterns[k] = (byte) proto.getPatterns().getSpins(k);
    }
    if (proto.getKind() == ModelKind.RBM) {
      if (patterns.length != (long) patternCount * proto.getVisibleUnits()) {
        throw new IllegalArgumentException("patterns must be stored_patterns × visible_units");
      }
      this.rbm = buildRbm(proto);
      this.view = null;
    } else {
      int n = proto.getUnits();
      IsingModel ising = IsingModel.of(n, values(proto.getWeights().getValuesList()),
          proto.getBiasCount() == 0 ? null : values(proto.getBiasList()));
      this.view = new ModelView(ising, proto.getVisibleUnits(), patterns, patternCount);
      this.rbm = null;
    }
  }

  /**
   * The RBM of a stored description: weights V × H, {@code bias} = visible bias, {@code hidden_bias},
   * {@code inverse_temperature} (BINARY_GAUSSIAN) and {@code visible_sigma} (GAUSSIAN_BERNOULLI).
   * Empty bias lists mean zeros and an empty σ list means ones, as in the request.
   */
  private static Rbm buildRbm(Model m) {
    int v = m.getVisibleUnits();
    int h = m.getHiddenUnits();
    if (m.getWeights().getRows() != v || m.getWeights().getCols() != h) {
      throw new IllegalArgumentException("RBM weights must be visible_units × hidden_units = " + v + " × " + h
          + " (got " + m.getWeights().getRows() + " × " + m.getWeights().getCols() + ")");
    }
    double[] w = values(m.getWeights().getValuesList());
    double[] b = m.getBiasCount() == 0 ? null : values(m.getBiasList());
    double[] c = m.getHiddenBiasCount() == 0 ? null : values(m.getHiddenBiasList());
    return switch (m.getRbmVariant()) {
      case BINARY -> BinaryRbm.of(v, h, w, b, c);
      case SPIN -> SpinRbm.of(v, h, w, b, c);
      case BINARY_GAUSSIAN -> BinaryGaussianRbm.of(v, h, w, b, c,
          m.getInverseTemperature() == 0 ? 1 : m.getInverseTemperature());
      case GAUSSIAN_BERNOULLI -> {
        double[] sigma = new double[v];
        if (m.getVisibleSigmaCount() == 0) {
          java.util.Arrays.fill(sigma, 1.0);
        } else {
          sigma = values(m.getVisibleSigmaList());
        }
        yield GaussianBernoulliRbm.of(v, h, w, b, c, sigma);
      }
      default -> throw new IllegalArgumentException("RBM variant must be set (got " + m.getRbmVariant() + ")");
    };
  }

  private static double[] values(java.util.List<Double> list) {
    double[] out = new double[list.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = list.get(k);
    }
    return out;
  }

  public String id() {
    return proto.getId();
  }

  /** Full description including parameters. */
  public Model proto() {
    return proto;
  }

  /** Description without the parameters (weights, biases, σ and patterns). */
  public Model summary() {
    return proto.toBuilder().clearWeights().clearBias().clearPatterns().clearHiddenBias().clearVisibleSigma()
        .build();
  }

  /** True for {@link ModelKind#RBM}: use {@link #rbm()}, not {@link #view()}. */
  public boolean isRbm() {
    return rbm != null;
  }

  /**
   * The energy of a Hopfield network or Boltzmann machine, as sessions see it.
   *
   * @throws IllegalStateException for an RBM (check {@link #isRbm()} first)
   */
  public ModelView view() {
    if (view == null) {
      throw new IllegalStateException("model " + id() + " is an RBM; it has no Ising view (check isRbm())");
    }
    return view;
  }

  /**
   * The restricted Boltzmann machine (its concrete class gives the variant).
   *
   * @throws IllegalStateException for a Hopfield network or Boltzmann machine
   */
  public Rbm rbm() {
    if (rbm == null) {
      throw new IllegalStateException("model " + id() + " is a " + proto.getKind() + ", not an RBM");
    }
    return rbm;
  }

  /** Number of stored patterns (0 if none). */
  public int patternCount() {
    return patternCount;
  }

  /** A copy of the stored ±1 patterns over the visible units, row-major patternCount × visible units. */
  public byte[] patterns() {
    return patterns.clone();
  }
}
