package org.ebmsim.dynamics.modern.attnbm;

import java.util.SplittableRandom;

/**
 * Denoising score matching for the AttnBM (Vincent 2011; Ota &amp; Karakida §3.4, MATH.md §5):
 * with corruption {@code ṽ = v + σε}, ε ~ N(0, I), minimize
 * {@code J = ⟨‖Ψ(ṽ) − (v − ṽ)/σ²‖²⟩} where {@code Ψ(ṽ) = ∇ log p(ṽ) = −β(ũ − ξᵀ softmax(ξũ + c))}
 * is the model's score, {@code ũ = ṽ − b}, and {@code (v − ṽ)/σ²} the score of the corruption.
 * For β = σ = 1 the residual is {@code b + ξᵀ softmax(ξ(ṽ − b) + c) − v}: a denoising autoencoder
 * with softmax hidden units (the paper's eq. 37). The score needs no Z, so any β &gt; 0 works.
 *
 * <p>Stateless apart from the noise level; the noisy rows are an explicit input so that the loss
 * is a deterministic function a trainer (or a test) can evaluate repeatedly.
 */
public final class DenoisingScoreMatching {
  private final double noiseSd;

  /** @param noiseSd σ &gt; 0 of the Gaussian corruption */
  public DenoisingScoreMatching(double noiseSd) {
    if (!(noiseSd > 0) || !Double.isFinite(noiseSd)) {
      throw new IllegalArgumentException("noiseSd σ must be finite and > 0 (got " + noiseSd + ")");
    }
    this.noiseSd = noiseSd;
  }

  public double noiseSd() {
    return noiseSd;
  }

  /** {@code ṽ = v + σε} for every entry, ε standard normal from {@code rng}. */
  public double[] corrupt(double[] clean, SplittableRandom rng) {
    double[] out = clean.clone();
    for (int j = 0; j < out.length; j++) {
      out[j] += noiseSd * rng.nextGaussian();
    }
    return out;
  }

  /**
   * J averaged over the {@code count} pairs (clean row, noisy row) and its exact gradient. With
   * {@code r = Ψ(ṽ) − (v − ṽ)/σ²}, {@code s = softmax(ξũ + c)}, {@code q = ξr} and
   * {@code g_μ = s_μ(q_μ − s·q)} (the softmax Jacobian applied to q):
   * <pre>
   * ∂J/∂ξ_μ = 2β(s_μ r + g_μ ũ)    ∂J/∂c_μ = 2β g_μ    ∂J/∂b = 2β(r − ξᵀg)
   * </pre>
   * averaged over rows.
   */
  public AttnBmObjective lossAndGradient(AttnBm model, double[] clean, double[] noisy, int count) {
    int n = model.visibleUnits();
    int p = model.hiddenUnits();
    AttnBm.checkRows("clean", clean, count, n);
    AttnBm.checkRows("noisy", noisy, count, n);
    double beta = model.inverseTemperature();
    double[] xi = model.patterns();
    double invVar = 1 / (noiseSd * noiseSd);
    double[] dXi = new double[p * n];
    double[] dB = new double[n];
    double[] dC = new double[p];
    double[] u = new double[n];
    double[] s = new double[p];
    double[] r = new double[n];
    double[] g = new double[p];
    double loss = 0;
    for (int row = 0; row < count; row++) {
      int off = row * n;
      model.energyOfRow(noisy, row, u, s);
      // r = −βũ + βξᵀs + (ṽ − v)/σ²
      for (int i = 0; i < n; i++) {
        r[i] = -beta * u[i] + (noisy[off + i] - clean[off + i]) * invVar;
      }
      for (int mu = 0; mu < p; mu++) {
        double w = beta * s[mu];
        for (int i = 0; i < n; i++) {
          r[i] += w * xi[mu * n + i];
        }
      }
      double sq = 0;
      for (int i = 0; i < n; i++) {
        sq += r[i] * r[i];
      }
      loss += sq;
      double sDotQ = 0;
      for (int mu = 0; mu < p; mu++) {
        double q = 0;
        for (int i = 0; i < n; i++) {
          q += xi[mu * n + i] * r[i];
        }
        g[mu] = q;
        sDotQ += s[mu] * q;
      }
      for (int mu = 0; mu < p; mu++) {
        g[mu] = s[mu] * (g[mu] - sDotQ);
      }
      for (int i = 0; i < n; i++) {
        dB[i] += r[i];
      }
      for (int mu = 0; mu < p; mu++) {
        dC[mu] += g[mu];
        int base = mu * n;
        for (int i = 0; i < n; i++) {
          dXi[base + i] += s[mu] * r[i] + g[mu] * u[i];
          dB[i] -= g[mu] * xi[base + i];
        }
      }
    }
    double scale = 2 * beta / count;
    for (int j = 0; j < dXi.length; j++) {
      dXi[j] *= scale;
    }
    for (int i = 0; i < n; i++) {
      dB[i] *= scale;
    }
    for (int mu = 0; mu < p; mu++) {
      dC[mu] *= scale;
    }
    return new AttnBmObjective(loss / count, dXi, dB, dC);
  }
}
