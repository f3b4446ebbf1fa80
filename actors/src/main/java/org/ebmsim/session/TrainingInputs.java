package org.ebmsim.session;

import org.ebmsim.family.TrainingData;

/**
 * The rows a training session learns from and evaluates on, already in the model's visible
 * domain. Immutable; shared by reference on one node through
 * {@link org.ebmsim.actor.TrainingResources} (never sent in messages).
 *
 * @param heldOut rows of the held-out split (0 rows when the dataset has none)
 */
public record TrainingInputs(TrainingData train, TrainingData heldOut) {
  public long heapBytes() {
    return 4L * (train.values().length + heldOut.values().length)
        + 4L * ((train.labels() == null ? 0 : train.rows()) + (heldOut.labels() == null ? 0 : heldOut.rows()));
  }
}
