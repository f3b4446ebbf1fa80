package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.ebmsim.server.RbmTestServer.gaussian;
import static org.ebmsim.server.RbmTestServer.matrix;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import java.nio.file.Path;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.EvaluateRequest;
import org.ebmsim.proto.v1.EvaluateResponse;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluate on the families whose log Z is enumerated: Hopfield networks and RBMs, against brute
 * force written here (every joint state summed) or, for the variants with real units, against
 * the normalisation of the returned density (Σ_v p(v) = 1, ∫ p(v) dv = 1 by Simpson's rule).
 */
class ExactLikelihoodEndToEndTest {
  @TempDir Path dataDir;
  private RbmTestServer server;

  @BeforeEach
  void start() {
    server = RbmTestServer.start(dataDir);
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  private EvaluateResponse evaluate(String id, int rows, int n, double[] data) {
    return server.sim.evaluate(EvaluateRequest.newBuilder().setModelId(id).setRows(matrix(rows, n, data)).build());
  }

  /** Row k of the 2^n states over {lo, hi}: bit i of k picks unit i. */
  private static double[] state(int k, int n, double lo, double hi) {
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = ((k >> i) & 1) == 1 ? hi : lo;
    }
    return s;
  }

  private static double logSumExp(double[] a) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : a) {
      max = Math.max(max, x);
    }
    double s = 0;
    for (double x : a) {
      s += Math.exp(x - max);
    }
    return max + Math.log(s);
  }

  @Test
  void hopfield_logLikelihood_isTheBruteForceBoltzmannLaw() {
    int n = 6;
    double[] w = new double[n * n];
    double[] g = gaussian(n * n, 0.4, 1);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        w[i * n + j] = g[i * n + j];
        w[j * n + i] = g[i * n + j];
      }
    }
    double[] b = gaussian(n, 0.3, 2);
    HopfieldFromWeights.Builder spec = HopfieldFromWeights.newBuilder().setWeights(matrix(n, n, w));
    for (double x : b) {
      spec.addBias(x);
    }
    Model m = server.models.createModel(CreateModelRequest.newBuilder().setHopfieldWeights(spec).build());
    int states = 1 << n;
    double[] logw = new double[states];
    double[] all = new double[states * n];
    for (int k = 0; k < states; k++) {
      double[] s = state(k, n, -1, 1);
      System.arraycopy(s, 0, all, k * n, n);
      double e = 0;
      for (int i = 0; i < n; i++) {
        e -= b[i] * s[i];
        for (int j = 0; j < n; j++) {
          e -= 0.5 * w[i * n + j] * s[i] * s[j];
        }
      }
      logw[k] = -e;
    }
    double logZ = logSumExp(logw);
    double mean = 0;
    for (double l : logw) {
      mean += (l - logZ) / states;
    }
    EvaluateResponse r = evaluate(m.getId(), states, n, all);
    assertEquals(logZ, r.getLogZ(), 1e-10);
    assertEquals(mean, r.getMeanLogLikelihood(), 1e-10);
    for (int k = 0; k < states; k += 7) {
      assertEquals(logw[k] - logZ, evaluate(m.getId(), 1, n, state(k, n, -1, 1)).getMeanLogLikelihood(), 1e-10);
    }
    // a given log Z (e.g. from AIS) replaces the enumeration: log p shifts by exactly the difference
    EvaluateResponse given = server.sim.evaluate(EvaluateRequest.newBuilder().setModelId(m.getId())
        .setRows(matrix(states, n, all)).setLogZ(logZ + 0.25).build());
    assertEquals(logZ + 0.25, given.getLogZ(), 0);
    assertEquals(mean - 0.25, given.getMeanLogLikelihood(), 1e-10);
    assertEquals("log Z given with the request (exact up to its error)", given.getMethod());
    expect(Status.Code.INVALID_ARGUMENT, "log_z must be finite (got NaN)", () -> server.sim.evaluate(
        EvaluateRequest.newBuilder().setModelId(m.getId()).setRows(matrix(1, n, state(0, n, -1, 1)))
            .setLogZ(Double.NaN).build()));
    expect(Status.Code.INVALID_ARGUMENT, "rows[0][2] must be -1 or +1: a Hopfield network's units are spins (got 0.5)",
        () -> evaluate(m.getId(), 1, n, new double[] {1, -1, 0.5, 1, 1, 1}));
  }

  private Model rbm(RbmVariant variant, int v, int h, double[] w, double[] b, double[] c) {
    RbmSpec.Builder s = RbmSpec.newBuilder().setVariant(variant).setWeights(matrix(v, h, w));
    for (double x : b) {
      s.addVisibleBias(x);
    }
    for (double x : c) {
      s.addHiddenBias(x);
    }
    return server.models.createModel(CreateModelRequest.newBuilder().setRbm(s).build());
  }

  @Test
  void binaryAndSpinRbms_logLikelihood_isTheBruteForceMarginal() {
    int v = 4;
    int h = 3;
    double[] w = gaussian(v * h, 0.7, 3);
    double[] b = gaussian(v, 0.4, 4);
    double[] c = gaussian(h, 0.4, 5);
    for (RbmVariant variant : new RbmVariant[] {RbmVariant.BINARY, RbmVariant.SPIN}) {
      double lo = variant == RbmVariant.BINARY ? 0 : -1;
      Model m = rbm(variant, v, h, w, b, c);
      // E(v, h) = −bᵀv − cᵀh − vᵀWh over every joint state
      double[] marginal = new double[1 << v];
      for (int kv = 0; kv < 1 << v; kv++) {
        double[] x = state(kv, v, lo, 1);
        double[] terms = new double[1 << h];
        for (int kh = 0; kh < 1 << h; kh++) {
          double[] y = state(kh, h, lo, 1);
          double neg = 0;
          for (int i = 0; i < v; i++) {
            neg += b[i] * x[i];
            for (int j = 0; j < h; j++) {
              neg += x[i] * w[i * h + j] * y[j];
            }
          }
          for (int j = 0; j < h; j++) {
            neg += c[j] * y[j];
          }
          terms[kh] = neg;
        }
        marginal[kv] = logSumExp(terms);
      }
      double logZ = logSumExp(marginal);
      for (int kv = 0; kv < 1 << v; kv++) {
        EvaluateResponse r = evaluate(m.getId(), 1, v, state(kv, v, lo, 1));
        assertEquals(marginal[kv] - logZ, r.getMeanLogLikelihood(), 1e-10, variant + " state " + kv);
        assertEquals(logZ, r.getLogZ(), 1e-10);
      }
      String domain = variant == RbmVariant.BINARY ? "0 or 1" : "-1 or +1";
      expect(Status.Code.INVALID_ARGUMENT, "rows[0][1] must be " + domain + " for this RBM's visible units",
          () -> evaluate(m.getId(), 1, v, new double[] {1, 0.5, 1, 1}));
    }
  }

  @Test
  void rbmAboveTheEnumerationLimit_isRefused_butEvaluatedWithAGivenLogZ() {
    int v = 30;
    int h = 25;
    double[] w = gaussian(v * h, 0.1, 11);
    double[] b = gaussian(v, 0.1, 12);
    double[] c = gaussian(h, 0.1, 13);
    Model m = rbm(RbmVariant.BINARY, v, h, w, b, c);
    double[] x = state(0x2AAAAAAA, v, 0, 1);
    expect(Status.Code.RESOURCE_EXHAUSTED, "", () -> evaluate(m.getId(), 1, v, x));
    // F(v) = −bᵀv − Σ_j log(1 + e^{c_j + (vᵀW)_j}), written out
    double f = 0;
    for (int i = 0; i < v; i++) {
      f -= b[i] * x[i];
    }
    for (int j = 0; j < h; j++) {
      double a = c[j];
      for (int i = 0; i < v; i++) {
        a += x[i] * w[i * h + j];
      }
      f -= Math.log1p(Math.exp(a));
    }
    EvaluateResponse r = server.sim.evaluate(EvaluateRequest.newBuilder().setModelId(m.getId())
        .setRows(matrix(1, v, x)).setLogZ(40).build());
    assertEquals(-f - 40, r.getMeanLogLikelihood(), 1e-10);
  }

  @Test
  void rbmsWithRealUnits_returnANormalisedLaw() {
    // binary–Gaussian: ±1 visible, real hidden; Σ over the 2^V visible states of p(v) = 1
    int v = 5;
    Model bg = rbm(RbmVariant.BINARY_GAUSSIAN, v, 2, gaussian(v * 2, 0.5, 6), gaussian(v, 0.2, 7),
        gaussian(2, 0.2, 8));
    double total = 0;
    for (int k = 0; k < 1 << v; k++) {
      total += Math.exp(evaluate(bg.getId(), 1, v, state(k, v, -1, 1)).getMeanLogLikelihood());
    }
    assertEquals(1, total, 1e-10);
    // Gaussian–Bernoulli with one real visible unit: ∫ p(v) dv = 1 (Simpson, 801 points on [-20, 20])
    Model gb = rbm(RbmVariant.GAUSSIAN_BERNOULLI, 1, 3, gaussian(3, 0.8, 9), new double[] {0.3}, gaussian(3, 0.5, 10));
    int points = 801;
    double[] grid = new double[points];
    for (int k = 0; k < points; k++) {
      grid[k] = -20 + 40.0 * k / (points - 1);
    }
    double integral = 0;
    for (int k = 0; k < points; k++) {
      double p = Math.exp(evaluate(gb.getId(), 1, 1, new double[] {grid[k]}).getMeanLogLikelihood());
      integral += p * (k == 0 || k == points - 1 ? 1 : k % 2 == 1 ? 4 : 2);
    }
    integral *= (40.0 / (points - 1)) / 3;
    assertEquals(1, integral, 1e-8);
  }
}
