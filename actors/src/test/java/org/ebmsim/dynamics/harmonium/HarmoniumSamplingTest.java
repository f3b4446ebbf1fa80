package org.ebmsim.dynamics.harmonium;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.GoodnessOfFit;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.RbmSampling;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.junit.jupiter.api.Test;

/**
 * Block Gibbs chains of a harmonium through the engine's kernels against exact ground truth: the
 * visible law {@code p(σ) ∝ Π_μ ∫ e^{−β g(h; ξ_μ·σ)} dh} by enumerating σ (N = 6) and integrating h
 * on a fixed grid ({@link Quadrature}); and, for F = x²/2, side by side with the binary–Gaussian
 * RBM of weights ξᵀ. Chains: 100, 20 burn-in sweeps, then every 5th of 1000 sweeps (20 000 states);
 * chi-square p-values must exceed 1e-3, moments agree within 4 combined standard errors.
 */
class HarmoniumSamplingTest {
  private static final int N = 6;
  private static final int P = 2;
  private static final int CHAINS = 100;
  private static final int BURN_IN = 20;
  private static final int SWEEPS = 1000;
  private static final int THIN = 5;
  private final Gemm gemm = Gemm.nativeOrFallback(1);

  static double[] patterns(long seed, double sd) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] xi = new double[P * N];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = sd * rng.nextGaussian();
    }
    return xi;
  }

  /** Exact p(σ) over the 2^N states (state s: bit i set ⇔ σ_i = +1), from quadrature in h. */
  static double[] exactLaw(Harmonium model) {
    int states = 1 << N;
    double[] logW = new double[states];
    double max = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < states; s++) {
      double lw = 0;
      for (int mu = 0; mu < P; mu++) {
        double in = 0;
        for (int i = 0; i < N; i++) {
          in += model.pattern(mu, i) * spin(s, i);
        }
        lw += new Quadrature(model.potential(), in, model.inverseTemperature(), 60_000).logMass;
      }
      logW[s] = lw;
      max = Math.max(max, lw);
    }
    double z = 0;
    double[] prob = new double[states];
    for (int s = 0; s < states; s++) {
      prob[s] = Math.exp(logW[s] - max);
      z += prob[s];
    }
    for (int s = 0; s < states; s++) {
      prob[s] /= z;
    }
    return prob;
  }

  static int spin(int state, int i) {
    return ((state >> i) & 1) == 1 ? 1 : -1;
  }

  /** Counts of thinned visible states of {@code CHAINS} chains; also sums of energies (and squares). */
  record Run(long[] counts, double energySum, double energySquares, long samples, double[] magnetisation) {}

  Run run(Sampling sampling, long seed) {
    BatchSampler chains = BatchSampler.random(sampling, seed, 0, CHAINS, SamplerKind.GIBBS, gemm);
    chains.sweep(BURN_IN, 1.0);
    long[] counts = new long[1 << N];
    double[] mag = new double[N];
    double e = 0;
    double e2 = 0;
    long samples = 0;
    for (int t = 1; t <= SWEEPS; t++) {
      chains.sweep(1.0);
      if (t % THIN != 0) {
        continue;
      }
      float[] v = chains.layer(0).states().floats();
      double[] energies = chains.energies();
      for (int c = 0; c < CHAINS; c++) {
        int s = 0;
        for (int i = 0; i < N; i++) {
          if (v[c * N + i] > 0) {
            s |= 1 << i;
          }
          mag[i] += v[c * N + i];
        }
        counts[s]++;
        e += energies[c];
        e2 += energies[c] * energies[c];
        samples++;
      }
    }
    for (int i = 0; i < N; i++) {
      mag[i] /= samples;
    }
    return new Run(counts, e, e2, samples, mag);
  }

  private void assertMatchesEnumeration(Harmonium model, long seed) {
    double[] exact = exactLaw(model);
    Run r = run(new HarmoniumSampling(model), seed);
    GoodnessOfFit.ChiSquare chi = GoodnessOfFit.chiSquare(r.counts(), exact, 5);
    assertTrue(chi.pValue() > 1e-3, model.potential() + ": chi-square " + chi);
  }

  @Test
  void quadraticChainsMatchTheEnumeratedVisibleLaw() {
    assertMatchesEnumeration(Harmonium.of(P, N, patterns(1, 0.4), 1.0, HiddenPotential.quadratic()), 11);
  }

  @Test
  void logCoshChainsMatchTheEnumeratedVisibleLaw() {
    assertMatchesEnumeration(Harmonium.of(P, N, patterns(2, 0.5), 1.0, HiddenPotential.logCosh(0.5)), 12);
  }

  @Test
  void rectifiedPowerChainsMatchTheEnumeratedVisibleLaw() {
    assertMatchesEnumeration(Harmonium.of(P, N, patterns(3, 0.4), 1.0, HiddenPotential.rectifiedPower(3)), 13);
  }

  /** W = ξᵀ (N × p). */
  static BinaryGaussianRbm twin(Harmonium model) {
    double[] w = new double[N * P];
    for (int i = 0; i < N; i++) {
      for (int mu = 0; mu < P; mu++) {
        w[i * P + mu] = model.pattern(mu, i);
      }
    }
    return BinaryGaussianRbm.of(N, P, w, null, null, model.inverseTemperature());
  }

  @Test
  void quadraticFreeEnergyIsTheBinaryGaussianRbms() {
    Harmonium model = Harmonium.of(P, N, patterns(4, 0.9), 0.7, HiddenPotential.quadratic());
    BinaryGaussianRbm rbm = twin(model);
    HiddenSampler scratch = new HiddenSampler(model.potential());
    for (int s = 0; s < 1 << N; s++) {
      double[] sigma = new double[N];
      for (int i = 0; i < N; i++) {
        sigma[i] = spin(s, i);
      }
      assertEquals(rbm.freeEnergy(sigma), model.freeEnergy(sigma, scratch), 1e-9);
    }
  }

  /**
   * Same law, two samplers: both match the RBM's closed-form visible law (chi-square), and their
   * mean energies and magnetisations agree within 4 combined standard errors (thinned states
   * taken as independent: the couplings are weak and the chi-square tests pass on the same states).
   */
  @Test
  void quadraticChainsAgreeWithTheBinaryGaussianRbmSideBySide() {
    Harmonium model = Harmonium.of(P, N, patterns(5, 0.4), 1.0, HiddenPotential.quadratic());
    BinaryGaussianRbm rbm = twin(model);
    double[] exact = new double[1 << N];
    double z = 0;
    for (int s = 0; s < exact.length; s++) {
      double[] sigma = new double[N];
      for (int i = 0; i < N; i++) {
        sigma[i] = spin(s, i);
      }
      exact[s] = Math.exp(-rbm.freeEnergy(sigma));
      z += exact[s];
    }
    for (int s = 0; s < exact.length; s++) {
      exact[s] /= z;
    }
    Run h = run(new HarmoniumSampling(model), 21);
    Run r = run(new RbmSampling(rbm), 22);
    assertTrue(GoodnessOfFit.chiSquare(h.counts(), exact, 5).pValue() > 1e-3, "harmonium vs exact");
    assertTrue(GoodnessOfFit.chiSquare(r.counts(), exact, 5).pValue() > 1e-3, "rbm vs exact");
    double mh = h.energySum() / h.samples();
    double mr = r.energySum() / r.samples();
    double vh = h.energySquares() / h.samples() - mh * mh;
    double vr = r.energySquares() / r.samples() - mr * mr;
    double se = Math.sqrt(vh / h.samples() + vr / r.samples());
    assertEquals(mr, mh, 4 * se, "mean free energy");
    for (int i = 0; i < N; i++) {
      double seM = Math.sqrt(2.0 / h.samples());
      assertEquals(r.magnetisation()[i], h.magnetisation()[i], 4 * seM, "magnetisation of unit " + i);
    }
  }

  @Test
  void kernelEnergiesAreTheFreeEnergiesOfTheStates() {
    Harmonium model = Harmonium.of(P, N, patterns(6, 0.8), 1.0, HiddenPotential.logCosh(1));
    HarmoniumSampling sampling = new HarmoniumSampling(model);
    BatchSampler chains = BatchSampler.random(sampling, 5, 0, 7, SamplerKind.GIBBS, gemm);
    chains.sweep(3, 1.0);
    double[] e = chains.energies();
    for (int c = 0; c < 7; c++) {
      LayerBlock v = chains.layer(0).states().copyRange(c, 1);
      LayerBlock hid = chains.layer(1).states().copyRange(c, 1);
      assertEquals(sampling.exactEnergy(List.of(v, hid)), e[c], 1e-12);
    }
  }

  /** A chain's draws depend on its global index only: one batch of 10 = batches of 4 and 6. */
  @Test
  void chainsDoNotDependOnTheirBatch() {
    Harmonium model = Harmonium.of(P, N, patterns(7, 0.8), 1.0, HiddenPotential.rectifiedPower(2.5));
    HarmoniumSampling sampling = new HarmoniumSampling(model);
    BatchSampler all = BatchSampler.random(sampling, 9, 0, 10, SamplerKind.GIBBS, gemm);
    BatchSampler first = BatchSampler.random(sampling, 9, 0, 4, SamplerKind.GIBBS, gemm);
    BatchSampler rest = BatchSampler.random(sampling, 9, 4, 6, SamplerKind.GIBBS, gemm);
    all.sweep(5, 0.8);
    first.sweep(5, 0.8);
    rest.sweep(5, 0.8);
    for (int l = 0; l < 2; l++) {
      float[] a = all.layer(l).states().floats();
      float[] b = first.layer(l).states().floats();
      float[] c = rest.layer(l).states().floats();
      float[] joined = new float[a.length];
      System.arraycopy(b, 0, joined, 0, b.length);
      System.arraycopy(c, 0, joined, b.length, c.length);
      assertArrayEquals(a, joined, "layer " + l);
    }
  }
}
