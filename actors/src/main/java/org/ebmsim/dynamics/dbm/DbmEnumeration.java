package org.ebmsim.dynamics.dbm;

import org.ebmsim.dynamics.ModelTooLargeException;
import org.ebmsim.dynamics.rbm.LogSpace;

/**
 * Exact log Z and per-layer marginal means of a small {@link Dbm}: every joint state of the odd
 * layers is visited (in Gray-code order, so each step moves the even layers' fields by one row of
 * a weight matrix), and the even layers, conditionally independent given the odd ones, are summed
 * analytically: {@code log w(s_odd) = Σ_odd b·s + Σ_even Σ_i log φ(f_i)} with {@code φ(x) = 1 + eˣ}
 * for binary units and {@code 2 cosh x} for spins, {@code f = b + (fields of the odd neighbours)}.
 * Fields are recomputed from scratch every 4096 steps to bound round-off.
 */
public final class DbmEnumeration {
  private static final int REFRESH = 4096;

  private DbmEnumeration() {}

  /**
   * @param logPartition log Z = log Σ_s e^{−E(s)/T}
   * @param means per layer, E[s_i] of every unit
   */
  public record Result(double logPartition, double[][] means) {}

  /** Units the enumeration walks: those of the odd layers. */
  public static int enumeratedUnits(Dbm dbm) {
    int u = 0;
    for (int l = 1; l < dbm.layers(); l += 2) {
      u += dbm.size(l);
    }
    return u;
  }

  /**
   * Exact statistics at temperature t.
   *
   * @throws ModelTooLargeException if the odd layers have more than {@code maxUnits} units
   */
  public static Result solve(Dbm dbm, double t, int maxUnits) {
    if (!(t > 0) || !Double.isFinite(t)) {
      throw new IllegalArgumentException("temperature must be finite and > 0 (got " + t + ")");
    }
    int u = enumeratedUnits(dbm);
    if (u > Math.min(maxUnits, 26)) {
      throw new ModelTooLargeException("exact enumeration of a deep Boltzmann machine visits the 2^" + u
          + " states of its odd layers and is limited to " + Math.min(maxUnits, 26) + " units");
    }
    Walk walk = new Walk(dbm, 1 / t);
    int states = 1 << u;
    double[] logw = new double[states];
    walk.run((index, odd, fields) -> logw[index] = walk.logWeight(odd, fields));
    double logZ = LogSpace.logSumExp(logw);
    double[][] means = new double[dbm.layers()][];
    for (int l = 0; l < dbm.layers(); l++) {
      means[l] = new double[dbm.size(l)];
    }
    boolean spins = dbm.low() < 0;
    walk.run((index, odd, fields) -> {
      double p = Math.exp(logw[index] - logZ);
      for (int l = 0; l < dbm.layers(); l++) {
        double[] m = means[l];
        if (l % 2 == 1) {
          double[] s = odd[l];
          for (int i = 0; i < m.length; i++) {
            m[i] += p * s[i];
          }
        } else {
          double[] f = fields[l];
          for (int i = 0; i < m.length; i++) {
            double x = walk.beta * f[i];
            m[i] += p * (spins ? Math.tanh(x) : LogSpace.sigmoid(x));
          }
        }
      }
    });
    return new Result(logZ, means);
  }

  private interface Visitor {
    void visit(int index, double[][] odd, double[][] evenFields);
  }

  /** Gray-code walk over the odd layers' states, keeping the even layers' fields (at T = 1). */
  private static final class Walk {
    final Dbm dbm;
    final double beta;
    final boolean spins;
    final int[] layerOf; // enumerated unit → its layer
    final int[] unitOf; // enumerated unit → index in its layer

    Walk(Dbm dbm, double beta) {
      this.dbm = dbm;
      this.beta = beta;
      this.spins = dbm.low() < 0;
      int u = enumeratedUnits(dbm);
      this.layerOf = new int[u];
      this.unitOf = new int[u];
      int k = 0;
      for (int l = 1; l < dbm.layers(); l += 2) {
        for (int i = 0; i < dbm.size(l); i++) {
          layerOf[k] = l;
          unitOf[k++] = i;
        }
      }
    }

    double logWeight(double[][] odd, double[][] fields) {
      double w = 0;
      for (int l = 0; l < dbm.layers(); l++) {
        if (l % 2 == 1) {
          double[] b = dbm.bias(l);
          for (int i = 0; i < b.length; i++) {
            w += beta * b[i] * odd[l][i];
          }
        } else {
          for (double f : fields[l]) {
            double x = beta * f;
            w += spins ? LogSpace.logTwoCosh(x) : LogSpace.softplus(x);
          }
        }
      }
      return w;
    }

    void run(Visitor visitor) {
      int layers = dbm.layers();
      double low = dbm.low();
      double[][] odd = new double[layers][];
      double[][] fields = new double[layers][];
      for (int l = 0; l < layers; l++) {
        if (l % 2 == 1) {
          odd[l] = new double[dbm.size(l)];
          java.util.Arrays.fill(odd[l], low);
        } else {
          fields[l] = new double[dbm.size(l)];
        }
      }
      refresh(odd, fields);
      int total = 1 << layerOf.length;
      int index = 0;
      visitor.visit(index, odd, fields);
      for (int g = 1; g < total; g++) {
        int k = Integer.numberOfTrailingZeros(g);
        index ^= 1 << k;
        int l = layerOf[k];
        int i = unitOf[k];
        double delta = odd[l][i] == low ? 1 - low : low - 1;
        odd[l][i] += delta;
        if ((g & (REFRESH - 1)) == 0) {
          refresh(odd, fields);
        } else {
          addUnit(l, i, delta, fields);
        }
        visitor.visit(index, odd, fields);
      }
    }

    /** Adds {@code delta ×} odd unit (l, i)'s couplings to the fields of layers l−1 and l+1. */
    private void addUnit(int l, int i, double delta, double[][] fields) {
      int below = l - 1;
      int nl = dbm.size(l);
      double[] f = fields[below];
      for (int k = 0; k < f.length; k++) {
        f[k] += delta * dbm.weight(below, k, i);
      }
      if (l + 1 < dbm.layers()) {
        double[] g = fields[l + 1];
        for (int k = 0; k < g.length; k++) {
          g[k] += delta * dbm.weight(l, i, k);
        }
      }
      assert nl > i;
    }

    private void refresh(double[][] odd, double[][] fields) {
      for (int l = 0; l < dbm.layers(); l += 2) {
        double[] b = dbm.bias(l);
        System.arraycopy(b, 0, fields[l], 0, b.length);
      }
      for (int l = 1; l < dbm.layers(); l += 2) {
        for (int i = 0; i < dbm.size(l); i++) {
          addUnit(l, i, odd[l][i], fields);
        }
      }
    }
  }
}
