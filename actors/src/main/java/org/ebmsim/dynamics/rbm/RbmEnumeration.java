package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.ModelTooLargeException;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.blas.FloatMatrix;

/**
 * Exact partition functions, visible moments and visible distributions of small RBMs, by summing
 * over every state of one binary layer while the other layer is summed or integrated analytically.
 *
 * <p>For log Z and the visible moments the smaller discrete layer is enumerated (binary–binary:
 * either; binary–Gaussian: the spins; Gaussian–Bernoulli: the hidden bits). The visible distribution
 * needs the visible layer enumerated. States are walked in Gray-code order so each step updates the
 * other layer's field in O(units) (refreshed from scratch every 4096 steps to keep round-off from
 * accumulating). A state's index has bit i set iff unit i is 1 (or +1), see {@link #stateIndex}.
 * Holds only the size limit; thread-safe.
 */
public final class RbmEnumeration {
  /** Default limit on the number of enumerated binary units (2^20 ≈ 10⁶ states). */
  public static final int DEFAULT_MAX_ENUMERATED_UNITS = 20;
  /** Stream id used by {@link #sampleVisible} (distinct from the ids in {@link ChainRandom}). */
  public static final long EXACT_SAMPLE_STREAM = 8;

  private static final int REFRESH = 4096;
  static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  private final int maxEnumeratedUnits;

  /** Enumerates up to {@value #DEFAULT_MAX_ENUMERATED_UNITS} units. */
  public RbmEnumeration() {
    this(DEFAULT_MAX_ENUMERATED_UNITS);
  }

  /**
   * @param maxEnumeratedUnits the largest binary layer that may be enumerated, in [1, 30]
   */
  public RbmEnumeration(int maxEnumeratedUnits) {
    if (maxEnumeratedUnits < 1 || maxEnumeratedUnits > 30) {
      throw new IllegalArgumentException("maxEnumeratedUnits must be in [1, 30] (got " + maxEnumeratedUnits + ")");
    }
    this.maxEnumeratedUnits = maxEnumeratedUnits;
  }

  public int maxEnumeratedUnits() {
    return maxEnumeratedUnits;
  }

  /**
   * Both partition functions, in log: {@code joint = log Σ_v ∫/Σ_h e^{−βE(v,h)}} and
   * {@code visible = log Σ_v e^{−F(v)}}. They are equal except for {@link BinaryGaussianRbm}, where
   * {@code visible = joint + (p/2) log(β/2π)}.
   */
  public record LogPartition(double joint, double visible) {}

  /** Per-unit visible means {@code E[v_i]} and variances {@code Var[v_i]} under the model. */
  public record VisibleMoments(double[] means, double[] variances) {}

  /**
   * Exact {@code log Z} (both forms).
   *
   * @throws ModelTooLargeException if the layer to enumerate exceeds the limit
   */
  public LogPartition logPartition(Rbm rbm) {
    Walk walk = walkFor(rbm, false);
    double[] logw = walk.logWeights();
    double log = LogSpace.logSumExp(logw) + walk.constant;
    // the walk sums e^{-F(v)}-type weights: the visible normaliser; the joint one differs by a constant
    return new LogPartition(log - rbm.logVisibleOverJoint(), log);
  }

  /**
   * Exact visible means and variances (bits: {@code P(v_i=1)}; spins: {@code E[s_i]}; Gaussian
   * units: the moments of the Gaussian mixture over hidden states).
   *
   * @throws ModelTooLargeException if the layer to enumerate exceeds the limit
   */
  public VisibleMoments visibleMoments(Rbm rbm) {
    Walk walk = walkFor(rbm, false);
    double[] logw = walk.logWeights();
    double logZ = LogSpace.logSumExp(logw);
    int n = rbm.visibleUnits();
    double[] first = new double[n];
    double[] second = new double[n];
    walk.run((index, x, field) -> {
      double p = Math.exp(logw[index] - logZ);
      if (walk.enumeratesVisible) {
        for (int i = 0; i < n; i++) {
          first[i] += p * x[i];
          second[i] += p * x[i] * x[i];
        }
      } else {
        rbm.addConditionalVisibleMoments(field, p, first, second);
      }
    });
    double[] var = new double[n];
    for (int i = 0; i < n; i++) {
      var[i] = Math.max(0, second[i] - first[i] * first[i]);
    }
    return new VisibleMoments(first, var);
  }

  /**
   * The exact visible distribution {@code p(v) = e^{−F(v)}/Z} over all 2^N visible states, indexed
   * by {@link #stateIndex}.
   *
   * @throws IllegalArgumentException if the visible units are not discrete
   * @throws ModelTooLargeException if N exceeds the limit
   */
  public double[] visibleDistribution(Rbm rbm) {
    Walk walk = walkFor(rbm, true);
    double[] logw = walk.logWeights();
    double logZ = LogSpace.logSumExp(logw);
    double[] p = new double[logw.length];
    for (int k = 0; k < p.length; k++) {
      p[k] = Math.exp(logw[k] - logZ);
    }
    return p;
  }

  /**
   * Independent exact samples of the visible layer (rows = chains {@code firstChain ..}); chain c
   * uses stream {@link #EXACT_SAMPLE_STREAM} of chain index c, so samples do not depend on batching.
   *
   * @throws IllegalArgumentException if {@code count < 1} or the visible units are not discrete
   * @throws ModelTooLargeException if N exceeds the limit
   */
  public FloatMatrix sampleVisible(Rbm rbm, int count, long seed, long firstChain) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1 (got " + count + ")");
    }
    double[] p = visibleDistribution(rbm);
    double[] cdf = new double[p.length];
    double acc = 0;
    for (int k = 0; k < p.length; k++) {
      acc += p[k];
      cdf[k] = acc;
    }
    int n = rbm.visibleUnits();
    float low = rbm.spinVisible() ? -1f : 0f;
    FloatMatrix out = FloatMatrix.zeros(count, n);
    for (int c = 0; c < count; c++) {
      SplittableRandom rng = ChainRandom.forChain(seed, EXACT_SAMPLE_STREAM, firstChain + c);
      double u = rng.nextDouble() * acc;
      int lo = 0;
      int hi = cdf.length - 1;
      while (lo < hi) { // first k with cdf[k] > u
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] > u) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      for (int i = 0; i < n; i++) {
        out.set(c, i, ((lo >>> i) & 1) == 1 ? 1f : low);
      }
    }
    return out;
  }

  /** The index of a binary/spin state: bit i set iff {@code row[offset+i] > 0}. */
  public static int stateIndex(float[] row, int offset, int units) {
    int k = 0;
    for (int i = 0; i < units; i++) {
      if (row[offset + i] > 0) {
        k |= 1 << i;
      }
    }
    return k;
  }

  // ---------------------------------------------------------------------------------------------

  /** Per-state log-weight from the enumerated state x and the other layer's field. */
  interface LogWeight {
    double of(double[] x, double[] field);
  }

  private interface Visitor {
    void visit(int index, double[] x, double[] field);
  }

  /**
   * What a variant contributes to the walk over one layer: the low value of an enumerated unit
   * (0 or −1), the log-weight of a state x given the other layer's field, and a constant added to
   * log Z (e.g. Gaussian normalisers).
   */
  record Terms(double low, LogWeight logWeight, double constant) {}

  /**
   * Throws {@link ModelTooLargeException} unless the layer {@link #logPartition} would enumerate
   * has at most the limit's units (cheap: no enumeration).
   */
  public void checkSize(Rbm rbm) {
    boolean visibleLayer = rbm.enumeratesVisible(false);
    int units = visibleLayer ? rbm.visibleUnits() : rbm.hiddenUnits();
    if (units > maxEnumeratedUnits) {
      throw new ModelTooLargeException("exact enumeration of this RBM visits the 2^" + units + " states of its "
          + (visibleLayer ? "visible" : "hidden") + " layer and is limited to " + maxEnumeratedUnits
          + " units (ebmsim.limits.exact-max-units); the model has " + rbm.visibleUnits() + " visible and "
          + rbm.hiddenUnits() + " hidden units");
    }
  }

  private Walk walkFor(Rbm rbm, boolean mustEnumerateVisible) {
    int n = rbm.visibleUnits();
    int p = rbm.hiddenUnits();
    if (mustEnumerateVisible && !rbm.discreteVisible()) {
      throw new IllegalArgumentException("visible distribution needs discrete visible units; "
          + rbm.getClass().getSimpleName() + " has real-valued visible units");
    }
    boolean visibleLayer = rbm.enumeratesVisible(mustEnumerateVisible);
    int units = visibleLayer ? n : p;
    if (units > maxEnumeratedUnits) {
      throw new ModelTooLargeException("exact enumeration of the " + (visibleLayer ? "visible" : "hidden")
          + " layer needs " + (visibleLayer ? "visibleUnits" : "hiddenUnits") + " <= " + maxEnumeratedUnits
          + " (got " + units + "; 2^" + units + " states)");
    }
    double[] w = rbm.weights;
    // coupling rows of the enumerated layer: a[i*d + m]
    int d = visibleLayer ? p : n;
    double[] a = new double[units * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        if (visibleLayer) {
          a[i * p + j] = w[i * p + j];
        } else {
          a[j * n + i] = w[i * p + j];
        }
      }
    }
    double[] otherBias = visibleLayer ? rbm.hiddenBias : rbm.visibleBias;
    Terms terms = rbm.enumerationTerms(visibleLayer);
    return new Walk(units, d, a, otherBias, terms.low(), terms.logWeight(), terms.constant(), visibleLayer);
  }

  private static final class Walk {
    final int units;
    final int dim;
    final double[] rows;
    final double[] otherBias;
    final double low;
    final LogWeight logWeight;
    final double constant;
    final boolean enumeratesVisible;

    Walk(int units, int dim, double[] rows, double[] otherBias, double low, LogWeight logWeight, double constant,
        boolean enumeratesVisible) {
      this.units = units;
      this.dim = dim;
      this.rows = rows;
      this.otherBias = otherBias;
      this.low = low;
      this.logWeight = logWeight;
      this.constant = constant;
      this.enumeratesVisible = enumeratesVisible;
    }

    double[] logWeights() {
      double[] out = new double[1 << units];
      run((index, x, field) -> out[index] = logWeight.of(x, field));
      return out;
    }

    /** Visits every state once, in Gray-code order. */
    void run(Visitor visitor) {
      double[] x = new double[units];
      double[] field = new double[dim];
      java.util.Arrays.fill(x, low);
      refresh(x, field);
      int total = 1 << units;
      int index = 0;
      visitor.visit(index, x, field);
      double step = 1 - low;
      for (int g = 1; g < total; g++) {
        int i = Integer.numberOfTrailingZeros(g);
        index ^= 1 << i;
        double delta;
        if (x[i] == low) {
          x[i] = 1;
          delta = step;
        } else {
          x[i] = low;
          delta = -step;
        }
        if ((g & (REFRESH - 1)) == 0) {
          refresh(x, field);
        } else {
          int row = i * dim;
          for (int m = 0; m < dim; m++) {
            field[m] += delta * rows[row + m];
          }
        }
        visitor.visit(index, x, field);
      }
    }

    private void refresh(double[] x, double[] field) {
      System.arraycopy(otherBias, 0, field, 0, dim);
      for (int i = 0; i < units; i++) {
        int row = i * dim;
        for (int m = 0; m < dim; m++) {
          field[m] += x[i] * rows[row + m];
        }
      }
    }
  }
}
