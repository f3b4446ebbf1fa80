package org.ebmsim.dynamics.modern.continuous;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batched float32 update against ground truth: the CCCP energy descent, one-step retrieval
 * guaranteed by pattern separation, the metastable pattern mean at small β (with a closed-form
 * bound), and agreement with a plain double-precision reference. Every test runs on the pure-Java
 * GEMM and, when it loads, native OpenBLAS.
 */
class ModernHopfieldDynamicsTest {

  static Stream<Gemm> gemms() {
    return Instances.gemms();
  }

  /**
   * CCCP: E(T v) ≤ E(v) for the update T v = ξᵀ softmax(βξv), on random Gaussian patterns and
   * queries over four decades of β, ten updates each. Three checks per query and step:
   * <ol>
   *   <li>the property itself, in double (reference update and energy): E(T v) ≤ E(v) + 1e-12·(1 + |E|);
   *   <li>the float32 state v' = T v + δ: E is ½‖·‖² minus a convex function, so its upward curvature
   *       is at most 1 and E(v') ≤ E(T v) + ‖∇E(T v)‖‖δ‖ + ½‖δ‖², with ∇E(x) = x − T x and δ
   *       measured against the reference: float rounding may raise E by no more than that;
   *   <li>the energies the update reports, from float32 logits: within 2·N·2⁻²⁴·M‖v‖ of the exact
   *       ones (a logit error ε moves β⁻¹·lse by at most ε/β, and ε ≤ N·2⁻²⁴·β·M‖v‖).
   * </ol>
   * The first update must lower the energy clearly, so that the inequalities are not met trivially.
   */
  @ParameterizedTest
  @MethodSource("gemms")
  void update_neverIncreasesEnergy_onRandomInstances(Gemm gemm) {
    SplittableRandom rng = new SplittableRandom(101);
    double u = 0x1p-24;
    for (double beta : new double[] {0.003, 0.03, 0.3, 3}) {
      for (int instance = 0; instance < 3; instance++) {
        int n = 8 + rng.nextInt(40);
        int p = 2 + rng.nextInt(120);
        ModernHopfield net = ModernHopfield.of(Instances.gaussian(rng, p, n, 1), beta);
        DoubleReference ref = new DoubleReference(net);
        double m = Math.sqrt(net.maxNormSquared());
        ModernHopfieldDynamics dynamics = new ModernHopfieldDynamics(net, gemm);
        FloatMatrix v = Instances.gaussian(rng, 20, n, 2);
        for (int step = 0; step < 10; step++) {
          Update update = dynamics.update(v);
          FloatMatrix next = update.retrieval().states();
          for (int r = 0; r < v.rows(); r++) {
            String where = "beta " + beta + " instance " + instance + " step " + step + " row " + r;
            double[] q = Instances.row(v, r);
            double[] tq = ref.update(q);
            double before = ref.energy(q);
            double exactAfter = ref.energy(tq);
            assertTrue(exactAfter <= before + 1e-12 * (1 + Math.abs(before)), where + ": E " + before + " -> "
                + exactAfter + " under the exact update");

            double[] floatState = Instances.row(next, r);
            double delta = distance(floatState, tq);
            double gradient = distance(tq, ref.update(tq));
            double after = net.energy(next.row(r));
            double allowance = gradient * delta + 0.5 * delta * delta + 1e-12 * (1 + Math.abs(before));
            assertTrue(after <= before + allowance, where + ": E " + before + " -> " + after + " for the float32"
                + " state (allowance " + allowance + ", ‖δ‖ " + delta + ")");
            assertTrue(delta <= 1e-3 * m, where + ": float32 update off by " + delta);

            double normBefore = norm(q);
            double normAfter = norm(floatState);
            assertEquals(before, update.retrieval().energyBefore()[r], 2 * n * u * m * normBefore + 1e-12, where);
            assertEquals(after, update.energyAfter()[r], 2 * n * u * m * normAfter + 1e-12, where);
            if (step == 0) {
              assertTrue(before - after > 1e-3 * (1 + Math.abs(before)),
                  where + ": first update should lower E clearly: " + before + " -> " + after);
            }
          }
          v = next;
        }
      }
    }
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  private static double norm(double[] a) {
    return distance(a, new double[a.length]);
  }

  /**
   * One update retrieves well-separated patterns. 500 random ±1/√N patterns (‖ξ‖ = M = 1) of
   * N = 1024 units; queries are stored patterns with 2 % of their signs flipped. At β = 64 every
   * queried pattern meets the paper's separation condition and the guaranteed weight bound
   * 1 − (p−1)e^{−β(Δ − 2M‖q−ξ‖)} is above 0.99 (checked, so the instance is what the test claims);
   * the computed weight of the right pattern must then be ≥ 0.99 and the new state within the
   * retrieval-error bound 2(p−1)e^{−βΔ̃}M of the pattern (plus 1e-5 for float32). At β = 1 the same
   * queries are not retrieved (weight < 0.5): the separation needs β to act.
   */
  @ParameterizedTest
  @MethodSource("gemms")
  void retrieve_wellSeparatedPatterns_oneUpdateGivesWeightAtLeast099(Gemm gemm) {
    SplittableRandom rng = new SplittableRandom(202);
    int n = 1024;
    int p = 500;
    int b = 40;
    FloatMatrix xi = Instances.signs(rng, p, n, (float) (1 / Math.sqrt(n)));
    ModernHopfield net = ModernHopfield.of(xi, 64);
    int[] target = new int[b];
    FloatMatrix queries = FloatMatrix.zeros(b, n);
    for (int r = 0; r < b; r++) {
      target[r] = rng.nextInt(p);
      for (int i = 0; i < n; i++) {
        float x = xi.get(target[r], i);
        queries.set(r, i, rng.nextDouble() < 0.02 ? -x : x);
      }
    }
    Retrieval got = new ModernHopfieldDynamics(net, gemm).retrieve(queries);
    double m = Math.sqrt(net.maxNormSquared());
    for (int r = 0; r < b; r++) {
      int mu = target[r];
      assertTrue(Separation.of(net, mu) >= Separation.wellSeparatedThreshold(net),
          "pattern " + mu + " is not well separated: " + Separation.of(net, mu));
      double bound = Separation.weightLowerBound(net, mu, queries.row(r));
      assertTrue(bound >= 0.99, "instance too hard for the bound: " + bound);
      float w = got.weights().get(r, mu);
      assertTrue(w >= 0.99 && w >= bound - 1e-6, "query " + r + ": weight " + w + ", guaranteed " + bound);
      assertEquals(mu, got.winner()[r]);
      assertEquals(w, got.maxWeight()[r]);
      double distance = 0;
      for (int i = 0; i < n; i++) {
        double d = got.states().get(r, i) - xi.get(mu, i);
        distance += d * d;
      }
      double errorBound = 2 * (1 - bound) * m; // 1 − bound = (p−1)e^{−βΔ̃}
      assertTrue(Math.sqrt(distance) <= errorBound + 1e-5,
          "query " + r + ": ‖v' − ξ‖ = " + Math.sqrt(distance) + " > " + errorBound);
    }
    Retrieval cold = new ModernHopfieldDynamics(net.withInverseTemperature(1), gemm).retrieve(queries);
    for (int r = 0; r < b; r++) {
      assertTrue(cold.weights().get(r, target[r]) < 0.5, "beta 1 still retrieves query " + r);
    }
  }

  /**
   * At small β the only fixed point is near the pattern mean, a metastable average over all
   * patterns. The logits at a fixed point v* (a convex combination of patterns, so ‖v*‖ ≤ M) span
   * at most R = 2βM², hence every weight lies in [e^{−R}/p, e^{R}/p] and
   * ‖v* − mean‖ ≤ Σ|w_μ − 1/p|·M ≤ (e^{R} − 1)M. With R = 0.01 both bounds are tight enough to
   * separate the mean from every stored pattern by far.
   */
  @ParameterizedTest
  @MethodSource("gemms")
  void iterate_smallBeta_convergesToPatternMean_withNearUniformWeights(Gemm gemm) {
    SplittableRandom rng = new SplittableRandom(303);
    int n = 32;
    int p = 100;
    FloatMatrix xi = Instances.gaussian(rng, p, n, 1);
    ModernHopfield probe = ModernHopfield.of(xi, 1);
    double m2 = probe.maxNormSquared();
    double spread = 0.01;
    ModernHopfield net = probe.withInverseTemperature(spread / (2 * m2));
    double[] mean = new double[n];
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        mean[i] += xi.get(mu, i) / (double) p;
      }
    }
    FloatMatrix queries = Instances.gaussian(rng, 10, n, 3);
    FixedPoint fp = new ModernHopfieldDynamics(net, gemm).iterate(queries, 1e-6, 50);
    double m = Math.sqrt(m2);
    double slack = Math.expm1(spread);
    for (int r = 0; r < queries.rows(); r++) {
      assertTrue(fp.converged()[r], "query " + r + " did not converge in " + fp.iterations()[r]);
      double distance = 0;
      for (int i = 0; i < n; i++) {
        double d = fp.states().get(r, i) - mean[i];
        distance += d * d;
      }
      assertTrue(Math.sqrt(distance) <= slack * m + 1e-5, "‖v* − mean‖ = " + Math.sqrt(distance));
      for (int mu = 0; mu < p; mu++) {
        double w = fp.weights().get(r, mu) * p;
        assertTrue(w >= Math.exp(-spread) - 1e-5 && w <= Math.exp(spread) + 1e-5, "p·w = " + w);
        double toPattern = 0;
        for (int i = 0; i < n; i++) {
          double d = fp.states().get(r, i) - xi.get(mu, i);
          toPattern += d * d;
        }
        assertTrue(Math.sqrt(toPattern) > 10 * slack * m, "fixed point sits at pattern " + mu);
      }
      assertTrue(fp.maxWeight()[r] <= Math.exp(spread) / p + 1e-6);
    }
  }

  /**
   * A metastable state averages a subset: two tight clusters of five patterns each (centres ±1
   * vectors of N = 64, members centre + 0.01·N(0, I)), β = 0.5. From queries near cluster A the
   * iteration settles where A holds all the weight, spread evenly: within A the logits at any state
   * of norm ≤ M differ by at most R = β·max‖ξ_μ − ξ_ν‖·M (≈ 0.45 here), so 5·w_μ ∈ [e^{−R}, e^{R}]
   * and no single pattern is retrieved; and the state is within
   * (e^R − 1)·max‖ξ_μ − mean_A‖ + 2M·w_B of A's mean. At β = 5000 the same queries retrieve one pattern.
   */
  @ParameterizedTest
  @MethodSource("gemms")
  void iterate_tightCluster_settlesOnClusterMean_notOnOnePattern(Gemm gemm) {
    SplittableRandom rng = new SplittableRandom(707);
    int n = 64;
    int k = 5;
    FloatMatrix centres = Instances.signs(rng, 2, n, 1f);
    FloatMatrix xi = FloatMatrix.zeros(2 * k, n);
    for (int mu = 0; mu < 2 * k; mu++) {
      for (int i = 0; i < n; i++) {
        xi.set(mu, i, (float) (centres.get(mu / k, i) + 0.01 * rng.nextGaussian()));
      }
    }
    ModernHopfield net = ModernHopfield.of(xi, 0.5);
    double m = Math.sqrt(net.maxNormSquared());
    double[] meanA = new double[n];
    for (int mu = 0; mu < k; mu++) {
      for (int i = 0; i < n; i++) {
        meanA[i] += xi.get(mu, i) / (double) k;
      }
    }
    double widest = 0;
    double radius = 0;
    for (int mu = 0; mu < k; mu++) {
      double[] x = Instances.row(xi, mu);
      radius = Math.max(radius, distance(x, meanA));
      for (int nu = 0; nu < k; nu++) {
        widest = Math.max(widest, distance(x, Instances.row(xi, nu)));
      }
    }
    double r = net.inverseTemperature() * widest * m;
    assertTrue(r < 0.6, "instance should keep cluster A's logits close (R = " + r + ")");
    FloatMatrix queries = FloatMatrix.zeros(8, n);
    for (int q = 0; q < 8; q++) {
      for (int i = 0; i < n; i++) {
        queries.set(q, i, (float) (centres.get(0, i) + 0.5 * rng.nextGaussian()));
      }
    }
    FixedPoint fp = new ModernHopfieldDynamics(net, gemm).iterate(queries, 1e-6, 100);
    for (int q = 0; q < 8; q++) {
      assertTrue(fp.converged()[q], "query " + q);
      double onB = 0;
      for (int mu = k; mu < 2 * k; mu++) {
        onB += fp.weights().get(q, mu);
      }
      assertTrue(onB < 1e-6, "query " + q + " puts " + onB + " on cluster B");
      for (int mu = 0; mu < k; mu++) {
        double kw = k * fp.weights().get(q, mu);
        assertTrue(kw >= Math.exp(-r) - 1e-5 && kw <= Math.exp(r) + 1e-5, "k·w = " + kw);
      }
      assertTrue(fp.maxWeight()[q] <= Math.exp(r) / k + 1e-5, "one pattern dominates: " + fp.maxWeight()[q]);
      double bound = Math.expm1(r) * radius + 2 * m * onB;
      assertTrue(distance(Instances.row(fp.states(), q), meanA) <= bound + 1e-5,
          "‖v* − mean_A‖ = " + distance(Instances.row(fp.states(), q), meanA) + " > " + bound);
    }
    FixedPoint hot = new ModernHopfieldDynamics(net.withInverseTemperature(5000), gemm).iterate(queries, 1e-6, 100);
    for (int q = 0; q < 8; q++) {
      assertTrue(hot.maxWeight()[q] >= 0.99 && hot.winner()[q] < k,
          "beta 5000, query " + q + ": max weight " + hot.maxWeight()[q] + " at " + hot.winner()[q]);
    }
  }

  /**
   * The float32 batch against the plain double reference, on an instance with spread weights (the
   * right pattern holds about two thirds, the rest is shared by 300 patterns). Float32 logits carry
   * an error of a few 2⁻²⁴·β·Σ|ξ_μi v_i| ≈ 1e-6 here, which moves weights by about that relative
   * amount and states by a multiple of it times ‖ξ‖. Tolerances: weights 1e-5 absolute, states
   * 1e-4·M, energies 1e-6 relative; five iterations 1e-4·M (observed an order smaller each).
   */
  @ParameterizedTest
  @MethodSource("gemms")
  void batchedFloat32_agreesWithDoublePrecisionReference(Gemm gemm) {
    SplittableRandom rng = new SplittableRandom(404);
    int n = 128;
    int p = 300;
    int b = 40;
    FloatMatrix xi = Instances.gaussian(rng, p, n, 1);
    ModernHopfield net = ModernHopfield.of(xi, 0.05);
    DoubleReference ref = new DoubleReference(net);
    FloatMatrix queries = FloatMatrix.zeros(b, n);
    for (int r = 0; r < b; r++) {
      int mu = rng.nextInt(p);
      for (int i = 0; i < n; i++) {
        queries.set(r, i, (float) (xi.get(mu, i) + 0.5 * rng.nextGaussian()));
      }
    }
    ModernHopfieldDynamics dynamics = new ModernHopfieldDynamics(net, gemm);
    Update u = dynamics.update(queries);
    FixedPoint five = dynamics.iterate(queries, 0, 5);
    double m = Math.sqrt(net.maxNormSquared());
    double spreadSeen = 1;
    for (int r = 0; r < b; r++) {
      double[] q = Instances.row(queries, r);
      double[] w = ref.weights(q);
      double[] next = ref.update(q);
      for (int mu = 0; mu < p; mu++) {
        assertEquals(w[mu], u.retrieval().weights().get(r, mu), 1e-5, "weight " + r + "," + mu);
      }
      for (int i = 0; i < n; i++) {
        assertEquals(next[i], u.retrieval().states().get(r, i), 1e-4 * m, "state " + r + "," + i);
      }
      double e0 = ref.energy(q);
      double e1 = ref.energy(next);
      assertEquals(e0, u.retrieval().energyBefore()[r], 1e-6 * Math.abs(e0));
      assertEquals(e1, u.energyAfter()[r], 1e-6 * Math.abs(e1));
      spreadSeen = Math.min(spreadSeen, u.retrieval().maxWeight()[r]);

      double[] v = q;
      assertEquals(5, five.iterations()[r]);
      for (int k = 1; k <= 5; k++) {
        v = ref.update(v);
        assertEquals(ref.energy(v), five.energies()[r][k], 1e-6 * Math.abs(ref.energy(v)), "iteration " + k);
      }
      for (int i = 0; i < n; i++) {
        assertEquals(v[i], five.states().get(r, i), 1e-4 * m, "5 iterations, state " + r + "," + i);
      }
      double[] wv = ref.weights(v);
      for (int mu = 0; mu < p; mu++) {
        assertEquals(wv[mu], five.weights().get(r, mu), 1e-5);
      }
    }
    assertTrue(spreadSeen < 0.9, "instance should spread the weights (smallest max weight " + spreadSeen + ")");
  }

  /**
   * Iteration bookkeeping: a query already at a fixed point stops after one update; others stop
   * when an update moves them by at most the tolerance, and their results do not depend on the
   * batch they ran in. Energies along each trajectory never increase.
   */
  @ParameterizedTest
  @MethodSource("gemms")
  void iterate_stopsEachQueryAtItsOwnFixedPoint_independentOfBatch(Gemm gemm) {
    SplittableRandom rng = new SplittableRandom(505);
    int n = 24;
    int p = 30;
    ModernHopfield net = ModernHopfield.of(Instances.gaussian(rng, p, n, 1), 0.4);
    ModernHopfieldDynamics dynamics = new ModernHopfieldDynamics(net, Gemm.javaFallback());
    FloatMatrix queries = Instances.gaussian(rng, 12, n, 1.5);
    FixedPoint all = new ModernHopfieldDynamics(net, gemm).iterate(queries, 1e-5, 200);
    // a converged state, fed back, moves by at most about the tolerance: converges after one update
    FixedPoint again = dynamics.iterate(all.states(), 1e-4, 200);
    boolean sawSeveral = false;
    for (int r = 0; r < queries.rows(); r++) {
      assertTrue(all.converged()[r], "query " + r);
      sawSeveral |= all.iterations()[r] > 3;
      assertEquals(1, again.iterations()[r]);
      double[] e = all.energies()[r];
      assertEquals(all.iterations()[r] + 1, e.length);
      for (int k = 1; k < e.length; k++) {
        assertTrue(e[k] <= e[k - 1] + 1e-6 * (1 + Math.abs(e[k - 1])), "query " + r + " step " + k);
      }
      if (gemm == Gemm.javaFallback()) { // the Java GEMM rounds a row the same way whatever the batch height
        FixedPoint alone = dynamics.iterate(queries.rows(r, 1), 1e-5, 200);
        assertEquals(all.iterations()[r], alone.iterations()[0]);
        assertArrayEquals(all.states().row(r), alone.states().row(0));
        assertArrayEquals(all.energies()[r], alone.energies()[0]);
      }
    }
    assertTrue(sawSeveral, "some query should need several updates");
    FixedPoint capped = dynamics.iterate(queries, 0, 2);
    for (int r = 0; r < queries.rows(); r++) {
      assertEquals(2, capped.iterations()[r]);
      assertFalse(capped.converged()[r]);
    }
  }

  /** Same input, same bits, call after call. */
  @ParameterizedTest
  @MethodSource("gemms")
  void retrieve_isDeterministic(Gemm gemm) {
    SplittableRandom rng = new SplittableRandom(606);
    ModernHopfield net = ModernHopfield.of(Instances.gaussian(rng, 50, 20, 1), 0.3);
    FloatMatrix queries = Instances.gaussian(rng, 7, 20, 1);
    ModernHopfieldDynamics dynamics = new ModernHopfieldDynamics(net, gemm);
    Retrieval a = dynamics.retrieve(queries);
    Retrieval b = dynamics.retrieve(queries.copy());
    assertEquals(a.states(), b.states());
    assertEquals(a.weights(), b.weights());
    assertArrayEquals(a.energyBefore(), b.energyBefore());
  }

  @ParameterizedTest
  @MethodSource("gemms")
  void rejectsBadQueriesAndIterationSettings(Gemm gemm) {
    ModernHopfieldDynamics dynamics = new ModernHopfieldDynamics(ModernHopfield.of(3, 4, new float[12], 1), gemm);
    assertEquals("queries must have N = 4 columns like the patterns (got 5)", assertThrows(
        IllegalArgumentException.class, () -> dynamics.retrieve(FloatMatrix.zeros(2, 5))).getMessage());
    FloatMatrix nan = FloatMatrix.zeros(2, 4);
    nan.set(1, 2, Float.NaN);
    assertEquals("queries[1][2] must be finite (got NaN)",
        assertThrows(IllegalArgumentException.class, () -> dynamics.update(nan)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> dynamics.energies(FloatMatrix.zeros(1, 3)));
    assertEquals("tolerance must be a finite number >= 0 (got -1.0)", assertThrows(IllegalArgumentException.class,
        () -> dynamics.iterate(FloatMatrix.zeros(1, 4), -1, 5)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> dynamics.iterate(FloatMatrix.zeros(1, 4), Double.NaN, 5));
    assertEquals("maxIterations must be >= 1 (got 0)", assertThrows(IllegalArgumentException.class,
        () -> dynamics.iterate(FloatMatrix.zeros(1, 4), 0, 0)).getMessage());
    // β·ξ·v beyond float32 range: a precise error instead of NaN weights
    ModernHopfieldDynamics hot = new ModernHopfieldDynamics(ModernHopfield.of(1, 1, new float[] {1e20f}, 1e10), gemm);
    IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
        () -> hot.retrieve(FloatMatrix.wrap(1, 1, new float[] {1e20f})));
    assertTrue(overflow.getMessage().startsWith("logits beta*xi_mu.v of query row 0 are not finite"),
        overflow.getMessage());
  }

  @ParameterizedTest
  @MethodSource("gemms")
  void emptyBatch_givesEmptyResults(Gemm gemm) {
    ModernHopfieldDynamics dynamics = new ModernHopfieldDynamics(ModernHopfield.of(3, 4, new float[12], 1), gemm);
    assertEquals(0, dynamics.retrieve(FloatMatrix.zeros(0, 4)).states().rows());
    assertEquals(0, dynamics.iterate(FloatMatrix.zeros(0, 4), 0, 3).iterations().length);
  }
}
