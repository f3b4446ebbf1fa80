package org.ebmsim.family;

/**
 * How a {@link Learner} updates its model; validated by the server before a learner is made.
 *
 * @param method the learning rule
 * @param gibbsSteps k of CD-k / PCD-k (sampling steps of the negative phase; for Boltzmann machines
 *     with hidden units, sweeps of each phase), ≥ 1
 * @param persistentChains PCD: persistent fantasy chains (0 means the batch size)
 * @param momentum classical momentum in [0, 1)
 * @param weightDecay L2 penalty on weights (not biases), ≥ 0
 * @param valleySteps valleys rule: asynchronous update sweeps from each target (2–4 in the lecture)
 * @param seed seed of the learner's own initial randomness (persistent chains' starting states);
 *     per-batch randomness is handed to {@link Learner#update}
 * @param noiseSd {@link Method#DENOISING_SCORE_MATCHING}: standard deviation σ &gt; 0 of the
 *     Gaussian corruption ṽ = v + σ·N(0, I)
 */
public record LearnerSettings(Method method, int gibbsSteps, int persistentChains, double momentum,
    double weightDecay, int valleySteps, long seed, double noiseSd) {

  /** Settings of a method without corruption noise (σ = 1, unused). */
  public LearnerSettings(Method method, int gibbsSteps, int persistentChains, double momentum, double weightDecay,
      int valleySteps, long seed) {
    this(method, gibbsSteps, persistentChains, momentum, weightDecay, valleySteps, seed, 1);
  }

  public enum Method {
    /** Contrastive divergence: negative chains start at the batch, k steps. */
    CD,
    /** Persistent contrastive divergence: negative chains persist across updates. */
    PCD,
    /** Hopfield networks: W += η (y_p y_pᵀ − y_d y_dᵀ), y_d where the network lands from y_p. */
    VALLEYS,
    /** The exact gradient of the mean negative log-likelihood (models with an exact likelihood: AttnBM). */
    EXACT_LIKELIHOOD,
    /** Denoising score matching: minimise ⟨‖x̂(v + σε) − v‖²⟩ (AttnBM: x̂ = ξᵀ softmax(ξṽ)). */
    DENOISING_SCORE_MATCHING;

    /** Whether the rule runs the model's dynamics (chains or descents), so needs a sampler. */
    public boolean runsDynamics() {
      return this == CD || this == PCD || this == VALLEYS;
    }
  }
}
