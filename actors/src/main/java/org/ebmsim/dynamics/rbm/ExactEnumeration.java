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
public final class ExactEnumeration {
  /** Default limit on the number of enumerated binary units (2^20 ≈ 10⁶ states). */
  public static final int DEFAULT_MAX_ENUMERATED_UNITS = 20;
  /** Stream id used by {@link #sampleVisible} (distinct from the ids in {@link ChainRandom}). */
  public static final long EXACT_SAMPLE_STREAM = 8;

  private static final int REFRESH = 4096;
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  private final int maxEnumeratedUnits;

  /** Enumerates up to {@value #DEFAULT_MAX_ENUMERATED_UNITS} units. */
  public ExactEnumeration() {
    this(DEFAULT_MAX_ENUMERATED_UNITS);
  }

  /**
   * @param maxEnumeratedUnits the largest binary layer that may be enumerated, in [1, 30]
   */
  public ExactEnumeration(int maxEnumeratedUnits) {
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
    if (rbm instanceof BinaryGaussianRbm bg) {
      return new LogPartition(log - bg.logVisibleOverJoint(), log);
    }
    return new LogPartition(log, log);
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
        conditionalVisibleMoments(rbm, field, p, first, second);
      }
    });
    double[] var = new double[n];
    for (int i = 0; i < n; i++) {
      var[i] = Math.max(0, second[i] - first[i] * first[i]);
    }
    return new VisibleMoments(first, var);
  }

  private static void conditionalVisibleMoments(Rbm rbm, double[] field, double p, double[] first, double[] second) {
    int n = rbm.visibleUnits();
    if (rbm instanceof GaussianBernoulliRbm gb) {
      double[] sd = gb.visibleSd();
      for (int i = 0; i < n; i++) {
        first[i] += p * field[i];
        second[i] += p * (sd[i] * sd[i] + field[i] * field[i]);
      }
    } else if (rbm instanceof SpinRbm) {
      for (int i = 0; i < n; i++) {
        first[i] += p * Math.tanh(field[i]);
        second[i] += p;
      }
    } else { // BinaryRbm
      for (int i = 0; i < n; i++) {
        double m = LogSpace.sigmoid(field[i]);
        first[i] += p * m;
        second[i] += p * m;
      }
    }
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
  private interface LogWeight {
    double of(double[] x, double[] field);
  }

  private interface Visitor {
    void visit(int index, double[] x, double[] field);
  }

  private Walk walkFor(Rbm rbm, boolean mustEnumerateVisible) {
    int n = rbm.visibleUnits();
    int p = rbm.hiddenUnits();
    if (mustEnumerateVisible && !rbm.discreteVisible()) {
      throw new IllegalArgumentException("visible distribution needs discrete visible units; "
          + rbm.getClass().getSimpleName() + " has real-valued visible units");
    }
    boolean visibleLayer;
    if (mustEnumerateVisible || !rbm.discreteHidden()) {
      visibleLayer = true;
    } else if (!rbm.discreteVisible()) {
      visibleLayer = false;
    } else {
      visibleLayer = n <= p;
    }
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
    double[] ownBias = visibleLayer ? rbm.visibleBias : rbm.hiddenBias;
    double[] otherBias = visibleLayer ? rbm.hiddenBias : rbm.visibleBias;
    double low;
    LogWeight lw;
    double constant = 0;
    if (rbm instanceof BinaryRbm) {
      low = 0;
      lw = (x, f) -> {
        double s = Rbm.dot(ownBias, x);
        for (double v : f) {
          s += LogSpace.softplus(v);
        }
        return s;
      };
    } else if (rbm instanceof SpinRbm) {
      low = -1;
      lw = (x, f) -> {
        double s = Rbm.dot(ownBias, x);
        for (double v : f) {
          s += LogSpace.logTwoCosh(v);
        }
        return s;
      };
    } else if (rbm instanceof BinaryGaussianRbm bg) {
      low = -1;
      double beta = bg.inverseTemperature();
      double[] c = rbm.hiddenBias;
      double cc = Rbm.dot(c, c);
      // −βH(s) = β bᵀs + (β/2)(‖c + Wᵀs‖² − ‖c‖²)
      lw = (x, f) -> beta * Rbm.dot(ownBias, x) + 0.5 * beta * (Rbm.dot(f, f) - cc);
    } else {
      GaussianBernoulliRbm gb = (GaussianBernoulliRbm) rbm;
      low = 0;
      double[] sd = gb.visibleSd();
      double[] b = rbm.visibleBias;
      double[] inv2 = new double[n];
      double base = 0;
      for (int i = 0; i < n; i++) {
        inv2[i] = 1 / (2 * sd[i] * sd[i]);
        base -= b[i] * b[i] * inv2[i];
        constant += HALF_LOG_2PI + Math.log(sd[i]);
      }
      double base0 = base;
      // cᵀh + Σ_i ((b+Wh)_i² − b_i²)/(2σ_i²), plus Σ log(√(2π)σ_i) outside the sum
      lw = (x, f) -> {
        double s = Rbm.dot(ownBias, x) + base0;
        for (int i = 0; i < f.length; i++) {
          s += f[i] * f[i] * inv2[i];
        }
        return s;
      };
    }
    return new Walk(units, d, a, otherBias, low, lw, constant, visibleLayer);
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
