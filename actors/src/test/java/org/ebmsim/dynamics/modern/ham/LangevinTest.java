package org.ebmsim.dynamics.modern.ham;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stochastic HAM samples the Boltzmann law {@code exp(−E/T)} of its energy. Two closed forms:
 * identity layers give a Gaussian whose covariance under Euler–Maruyama is known exactly (the
 * discrete Lyapunov equation, so no step-size bias enters the tolerance); an identity visible layer
 * under an adiabatic softmax top layer gives the attentional Boltzmann machine's Gaussian mixture
 * (MATH.md §5). Moments of independent chains (fixed seeds) must lie within 4.5 standard errors.
 */
class LangevinTest {
  private static final int CHAINS = 4000;
  private static final double Z = 4.5;
  /** ξ of the Gaussian network, 2 × 3 row-major. */
  private static final double[] XI = {0.5, -0.3, 0.2, 0.1, 0.4, -0.45};

  /** Two identity layers (3 and 2 units), τ = (1, 0.5), couplings small enough for a bounded energy. */
  private static HamNetwork gaussianNetwork() {
    TensorShape v = TensorShape.dense(3);
    TensorShape h = TensorShape.dense(2);
    return HamNetwork.of(List.of(HamLayer.of(v, "identity", null, 1), HamLayer.of(h, "identity", null, 0.5)),
        List.of(new DenseSynapse(v, h, XI)));
  }

  @Test
  void identityLayers_sampleTheGaussianBoltzmannLaw() {
    HamNetwork net = gaussianNetwork();
    double t = 0.7;
    double dt = 0.05;
    int n = 5;
    // E = ½xᵀKx with K = [[I, −ξᵀ], [−ξ, I]]; Euler–Maruyama: x' = A x + noise, A = I − dt D K,
    // noise covariance Q = 2 T dt D, D = diag(1/τ); stationary S solves S = A S Aᵀ + Q
    double[][] k = new double[n][n];
    for (int i = 0; i < n; i++) {
      k[i][i] = 1;
    }
    double[] w = XI;
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        k[3 + r][c] = -w[r * 3 + c];
        k[c][3 + r] = -w[r * 3 + c];
      }
    }
    double[] d = {1, 1, 1, 2, 2};
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = (i == j ? 1 : 0) - dt * d[i] * k[i][j];
      }
    }
    double[][] s = new double[n][n];
    for (int iter = 0; iter < 20_000; iter++) {
      double[][] next = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double v = i == j ? 2 * t * dt * d[i] : 0;
          for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
              v += a[i][p] * s[p][q] * a[j][q];
            }
          }
          next[i][j] = v;
        }
      }
      s = next;
    }

    double[] mean = new double[n];
    double[][] second = new double[n][n];
    double[][] x0 = {new double[3], new double[2]};
    for (int c = 0; c < CHAINS; c++) {
      HamLangevinIntegrator it = new HamLangevinIntegrator(net, dt, t, false, null, x0, 5000 + c);
      it.run(400);
      double[] x = concat(it.state(0), it.state(1));
      for (int i = 0; i < n; i++) {
        mean[i] += x[i] / CHAINS;
        for (int j = 0; j < n; j++) {
          second[i][j] += x[i] * x[j] / CHAINS;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      double se = Math.sqrt(s[i][i] / CHAINS);
      assertTrue(Math.abs(mean[i]) < Z * se, "mean of unit " + i + " = " + mean[i] + ", standard error " + se);
      for (int j = 0; j < n; j++) {
        double cov = second[i][j] - mean[i] * mean[j];
        double seCov = Math.sqrt((s[i][i] * s[j][j] + s[i][j] * s[i][j]) / CHAINS);
        assertTrue(Math.abs(cov - s[i][j]) < Z * seCov, "covariance (" + i + ", " + j + ") = " + cov + ", exact "
            + s[i][j] + ", standard error " + seCov);
      }
    }
  }

  @Test
  void identityVisible_underAdiabaticSoftmax_samplesTheGaussianMixture() {
    // p(v) ∝ exp(−½‖v‖² + log Σ_μ e^{ξ_μ·v}) = Σ_μ w_μ N(v; ξ_μ, I), w_μ ∝ e^{‖ξ_μ‖²/2} (T = β = 1)
    double[][] patterns = {{1, 0}, {-0.5, 0.8}, {0, -1.2}};
    double[] flat = {1, 0, -0.5, 0.8, 0, -1.2};
    TensorShape v = TensorShape.dense(2);
    TensorShape h = TensorShape.dense(3);
    HamNetwork net = HamNetwork.of(
        List.of(HamLayer.of(v, "identity", null, 1), HamLayer.of(h, "softmax", Map.of("beta", 1.0), 1)),
        List.of(new DenseSynapse(v, h, flat)));
    double[] weight = new double[3];
    double norm = 0;
    for (int mu = 0; mu < 3; mu++) {
      weight[mu] = Math.exp(0.5 * HamFixtures.dot(patterns[mu], patterns[mu]));
      norm += weight[mu];
    }
    double[] mean = new double[2];
    double[][] second = {{1, 0}, {0, 1}};
    for (int mu = 0; mu < 3; mu++) {
      weight[mu] /= norm;
      for (int i = 0; i < 2; i++) {
        mean[i] += weight[mu] * patterns[mu][i];
        for (int j = 0; j < 2; j++) {
          second[i][j] += weight[mu] * patterns[mu][i] * patterns[mu][j];
        }
      }
    }

    double[][] samples = new double[CHAINS][];
    for (int c = 0; c < CHAINS; c++) {
      HamLangevinIntegrator it = new HamLangevinIntegrator(net, 0.01, 1, true, null,
          new double[][] {new double[2], new double[3]}, 9000 + c);
      it.run(1500);
      samples[c] = it.state(0);
    }
    // statistics f(v) = v_i and v_i v_j; standard error from the sample spread of f
    for (int i = 0; i < 2; i++) {
      assertMoment("E[v_" + i + "]", samples, mean[i], i, -1);
      for (int j = i; j < 2; j++) {
        assertMoment("E[v_" + i + " v_" + j + "]", samples, second[i][j], i, j);
      }
    }
  }

  private static void assertMoment(String label, double[][] samples, double exact, int i, int j) {
    double sum = 0;
    double sumSq = 0;
    for (double[] s : samples) {
      double f = j < 0 ? s[i] : s[i] * s[j];
      sum += f;
      sumSq += f * f;
    }
    double m = sum / samples.length;
    double se = Math.sqrt((sumSq / samples.length - m * m) / samples.length);
    assertTrue(Math.abs(m - exact) < Z * se, label + " = " + m + ", exact " + exact + ", standard error " + se);
  }

  @Test
  void sameSeed_sameTrajectory_otherSeed_otherTrajectory() {
    HamNetwork net = gaussianNetwork();
    double[][] x0 = {new double[] {1, 0, -1}, new double[] {0.5, 0.5}};
    double[] a = new HamLangevinIntegrator(net, 0.05, 1, false, null, x0, 42).run(200);
    double[] b = new HamLangevinIntegrator(net, 0.05, 1, false, null, x0, 42).run(200);
    double[] c = new HamLangevinIntegrator(net, 0.05, 1, false, null, x0, 43).run(200);
    assertArrayEquals(a, b, 0);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void clampedUnits_stayPut_underNoise() {
    HamNetwork net = gaussianNetwork();
    double[][] x0 = {new double[] {1, 0, -1}, new double[] {0.5, 0.5}};
    boolean[][] clamped = {new boolean[] {true, false, true}, null};
    HamLangevinIntegrator it = new HamLangevinIntegrator(net, 0.05, 1, false, clamped, x0, 7);
    it.run(100);
    double[] v = it.state(0);
    assertTrue(v[0] == 1 && v[2] == -1 && v[1] != 0, Arrays.toString(v));
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
