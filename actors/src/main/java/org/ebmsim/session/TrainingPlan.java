package org.ebmsim.session;

import org.ebmsim.family.LearnerSettings;

/**
 * Everything a training session does, as plain data (validated by the server).
 *
 * @param sessionKey key of the session's {@link TrainingInputs} and storage in the node's
 *     {@link org.ebmsim.actor.TrainingResources}; also the id checkpoints are filed under
 * @param datasetId the dataset the rows came from (recorded in checkpoints)
 * @param batchSize rows per update; the last batch of an epoch takes what is left
 * @param reportEveryBatches progress events between epoch ends (0: only at epoch ends)
 * @param checkpointEveryBatches batches between checkpoints (a checkpoint also ends the session)
 * @param finalVersionOnly write a model version only at the end (else also at every epoch end)
 * @param evaluationRows rows of each split the metrics use
 * @param samples visible states sent with epoch-end events
 * @param aisEveryEpochs AIS log-likelihood every this many epochs and at the end (0: never)
 * @param request the server's encoding of the request, kept in checkpoints so it can resume them
 */
public record TrainingPlan(String sessionKey, String datasetId, LearnerSettings learner, int batchSize, int epochs,
    LearningRatePlan learningRate, long seed, int reportEveryBatches, int checkpointEveryBatches,
    int keepCheckpoints, boolean finalVersionOnly, int evaluationRows, int samples, int aisEveryEpochs,
    int aisChains, int aisSteps, byte[] request) {

  /** Updates per epoch for {@code rows} training rows. */
  public long batchesPerEpoch(int rows) {
    return (rows + batchSize - 1) / batchSize;
  }
}
