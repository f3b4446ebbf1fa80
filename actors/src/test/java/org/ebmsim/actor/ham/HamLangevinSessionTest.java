package org.ebmsim.actor.ham;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.ebmsim.dynamics.modern.ham.DenseSynapse;
import org.ebmsim.dynamics.modern.ham.HamLangevinIntegrator;
import org.ebmsim.dynamics.modern.ham.HamLayer;
import org.ebmsim.dynamics.modern.ham.HamNetwork;
import org.ebmsim.dynamics.modern.ham.StepMethod;
import org.ebmsim.dynamics.modern.ham.TensorShape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Langevin sessions (temperature T > 0): the actor run equals {@link HamLangevinIntegrator} with
 * the same seed bit for bit, and on two coupled identity units (E = ½xᵀKx, K = [[1, −ξ], [−ξ, 1]])
 * the moments over independent seeded sessions match the exact Gaussian law of Euler–Maruyama
 * after t steps (mean Aᵗx₀, covariance from C ← A C Aᵀ + Q; after 10 time units this is the
 * stationary law within e⁻¹⁰) within 4.5 standard errors.
 */
class HamLangevinSessionTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final double XI = 0.5;
  private static final double[] TAU = {1, 0.5};

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static HamNetwork pair() {
    TensorShape one = TensorShape.dense(1);
    return HamNetwork.of(List.of(HamLayer.of(one, "identity", null, TAU[0]), HamLayer.of(one, "identity", null,
        TAU[1])), List.of(new DenseSynapse(one, one, new double[] {XI})));
  }

  @Test
  void langevinSession_equalsLangevinIntegratorBitForBit() throws Exception {
    // identity is needed on evolving layers: a softmax adiabatic top over two identity layers
    TensorShape s0 = TensorShape.dense(4);
    TensorShape s1 = TensorShape.dense(3);
    TensorShape s2 = TensorShape.dense(5);
    java.util.SplittableRandom r = new java.util.SplittableRandom(22);
    HamNetwork net = HamNetwork.of(List.of(HamLayer.of(s0, "identity", null, 1), HamLayer.of(s1, "identity", null, 0.5),
        HamLayer.of(s2, "softmax", java.util.Map.of("beta", 1.0), 1)), List.of(new DenseSynapse(s0, s1,
            HamRuns.gaussian(r, 12, 0.3)), new DenseSynapse(s1, s2, HamRuns.gaussian(r, 15, 0.3))));
    double[][] x0 = HamRuns.state(net, 23, 1);
    boolean[][] clamped = {new boolean[] {true, false, false, true}, null, null};
    int steps = 50;
    HamRuns.Run spec = new HamRuns.Run(net, StepMethod.EULER, 0.02, true, clamped, x0, steps, 1, 0.8, 99, 0);
    List<HamSessionEvent> events = HamRuns.run(KIT, spec).events();
    HamLangevinIntegrator reference = new HamLangevinIntegrator(net, 0.02, 0.8, true, clamped, x0, 99);
    for (int t = 1; t <= steps; t++) {
      double e = reference.step();
      HamSessionEvent ev = events.get(t);
      double[][] states = ev instanceof HamSessionEvent.Reported rep ? rep.states()
          : ((HamSessionEvent.Finished) ev).states();
      double energy = ev instanceof HamSessionEvent.Reported rep ? rep.energy() : ((HamSessionEvent.Finished) ev).energy();
      assertEquals(e, energy, 0, "energy after step " + t);
      for (int a = 0; a < 3; a++) {
        assertArrayEquals(reference.state(a), states[a], "layer " + a + " after step " + t);
      }
      assertEquals(x0[0][0], states[0][0], 0, "clamped unit 0");
      assertEquals(x0[0][3], states[0][3], 0, "clamped unit 3");
    }
  }

  @Test
  void identityPair_momentsMatchTheExactGaussianLaw() throws Exception {
    double t = 0.5;
    double dt = 0.05;
    int steps = 200;
    int chains = 400;
    double[] x0 = {1, -1};
    // x' = A x + noise: A = I − dt D K, D = diag(1/τ), noise covariance Q = 2 T dt D
    double[] d = {1 / TAU[0], 1 / TAU[1]};
    double[][] a = {{1 - dt * d[0], dt * d[0] * XI}, {dt * d[1] * XI, 1 - dt * d[1]}};
    double[] mean = x0.clone();
    double[][] c = new double[2][2];
    for (int s = 0; s < steps; s++) {
      mean = new double[] {a[0][0] * mean[0] + a[0][1] * mean[1], a[1][0] * mean[0] + a[1][1] * mean[1]};
      double[][] next = new double[2][2];
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          double v = i == j ? 2 * t * dt * d[i] : 0;
          for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 2; q++) {
              v += a[i][p] * c[p][q] * a[j][q];
            }
          }
          next[i][j] = v;
        }
      }
      c = next;
    }

    HamNetwork net = pair();
    List<CompletableFuture<HamSessionEvent.Finished>> runs = new ArrayList<>();
    for (int k = 0; k < chains; k++) {
      HamRuns.CollectingSink sink = new HamRuns.CollectingSink();
      HamRuns.start(KIT, new HamRuns.Run(net, StepMethod.EULER, dt, false, null,
          new double[][] {{x0[0]}, {x0[1]}}, steps, steps, t, 1000 + k, 0), sink, () -> {});
      runs.add(sink.done);
    }
    double[] m = new double[2];
    double[][] second = new double[2][2];
    for (CompletableFuture<HamSessionEvent.Finished> f : runs) {
      double[][] s = f.get(60, TimeUnit.SECONDS).states();
      double[] x = {s[0][0], s[1][0]};
      for (int i = 0; i < 2; i++) {
        m[i] += x[i] / chains;
        for (int j = 0; j < 2; j++) {
          second[i][j] += x[i] * x[j] / chains;
        }
      }
    }
    for (int i = 0; i < 2; i++) {
      double se = Math.sqrt(c[i][i] / chains);
      assertTrue(Math.abs(m[i] - mean[i]) < 4.5 * se, "mean of unit " + i + " = " + m[i] + ", exact " + mean[i]
          + ", standard error " + se);
      for (int j = 0; j < 2; j++) {
        double cov = second[i][j] - m[i] * m[j];
        double seCov = Math.sqrt((c[i][i] * c[j][j] + c[i][j] * c[i][j]) / chains);
        assertTrue(Math.abs(cov - c[i][j]) < 4.5 * seCov, "covariance (" + i + ", " + j + ") = " + cov + ", exact "
            + c[i][j] + ", standard error " + seCov);
      }
    }
    // the stationary law of the continuous dynamics is T·K⁻¹; Euler–Maruyama's differs by O(dt)
    double det = 1 - XI * XI;
    assertEquals(t / det, c[0][0], 0.1 * t / det, "exact discrete variance near the Boltzmann variance");
  }
}
