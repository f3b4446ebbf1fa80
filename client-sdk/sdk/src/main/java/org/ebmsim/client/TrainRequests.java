package org.ebmsim.client;

import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainingMethod;

/**
 * Starting points for {@link TrainRequest}s: the required fields of each method, checked with the
 * server's rules, as a builder for the optional ones (batch size, momentum, evaluation, AIS,
 * checkpoints, samples, …), e.g.
 *
 * <pre>{@code
 * TrainRequest r = TrainRequests.pcd(modelId, datasetId, 1, 20, LearningRates.exponential(0.05, 0.9))
 *     .setBatchSize(100).setPersistentChains(100).setAisEveryEpochs(5).setSeed(7).build();
 * }</pre>
 */
public final class TrainRequests {
  /** Most Gibbs steps per negative phase the server accepts. */
  public static final int MAX_GIBBS_STEPS = 1000;
  /** Most epochs the server accepts. */
  public static final int MAX_EPOCHS = 1_000_000;

  private TrainRequests() {}

  /** Contrastive divergence CD-k (1 ≤ k ≤ 1000): the negative phase starts at the batch. */
  public static TrainRequest.Builder cd(String modelId, String datasetId, int k, int epochs, LearningRate rate) {
    return base(modelId, datasetId, TrainingMethod.CD, epochs, rate).setGibbsSteps(checkSteps(k));
  }

  /** Persistent contrastive divergence PCD-k: fantasy chains carry over from update to update. */
  public static TrainRequest.Builder pcd(String modelId, String datasetId, int k, int epochs, LearningRate rate) {
    return base(modelId, datasetId, TrainingMethod.PCD, epochs, rate).setGibbsSteps(checkSteps(k));
  }

  /**
   * Hopfield networks: the valleys rule W += η (y_p y_pᵀ − y_d y_dᵀ) with {@code sweeps}
   * asynchronous sweeps from each target (0 means the server's 3).
   */
  public static TrainRequest.Builder valleys(String modelId, String datasetId, int sweeps, int epochs,
      LearningRate rate) {
    if (sweeps != 0) {
      checkSteps(sweeps);
    }
    return base(modelId, datasetId, TrainingMethod.VALLEYS, epochs, rate).setGibbsSteps(sweeps);
  }

  private static TrainRequest.Builder base(String modelId, String datasetId, TrainingMethod method, int epochs,
      LearningRate rate) {
    if (modelId == null || modelId.isEmpty()) {
      throw new IllegalArgumentException("a model id is required");
    }
    if (datasetId == null || datasetId.isEmpty()) {
      throw new IllegalArgumentException("a dataset id is required");
    }
    if (epochs < 1 || epochs > MAX_EPOCHS) {
      throw new IllegalArgumentException("epochs must be in 1.." + MAX_EPOCHS + ", got " + epochs);
    }
    if (!(rate.getInitial() > 0) || Double.isInfinite(rate.getInitial())) {
      throw new IllegalArgumentException("the learning rate must be finite and > 0, got " + rate.getInitial()
          + " (build it with LearningRates)");
    }
    return TrainRequest.newBuilder().setModelId(modelId).setDatasetId(datasetId).setMethod(method)
        .setEpochs(epochs).setLearningRate(rate);
  }

  private static int checkSteps(int k) {
    if (k < 1 || k > MAX_GIBBS_STEPS) {
      throw new IllegalArgumentException("Gibbs steps must be in 1.." + MAX_GIBBS_STEPS + ", got " + k);
    }
    return k;
  }
}
