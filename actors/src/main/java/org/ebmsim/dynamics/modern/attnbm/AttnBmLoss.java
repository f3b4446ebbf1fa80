package org.ebmsim.dynamics.modern.attnbm;

import java.util.SplittableRandom;

/**
 * A training objective of an AttnBM on a mini-batch: its value and gradient (to minimize).
 * {@link #EXACT_LIKELIHOOD} is the mean negative log-likelihood (integer β);
 * {@link #denoising} is denoising score matching with fresh corruption drawn from {@code rng}.
 */
@FunctionalInterface
public interface AttnBmLoss {
  AttnBmObjective evaluate(AttnBm model, double[] batch, int count, SplittableRandom rng);

  /** The exact gradient of {@code −⟨log p(v)⟩_batch}; draws nothing from rng. */
  AttnBmLoss EXACT_LIKELIHOOD = (model, batch, count, rng) -> model.negativeLogLikelihoodGradient(batch, count);

  /** Denoising score matching at noise σ, one corruption per row per evaluation. */
  static AttnBmLoss denoising(double noiseSd) {
    DenoisingScoreMatching dsm = new DenoisingScoreMatching(noiseSd);
    return (model, batch, count, rng) -> dsm.lossAndGradient(model, batch, dsm.corrupt(batch, rng), count);
  }
}
