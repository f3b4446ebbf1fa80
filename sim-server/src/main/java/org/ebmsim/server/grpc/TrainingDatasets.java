package org.ebmsim.server.grpc;

import org.ebmsim.session.TrainingInputs;

/** Stored datasets as training sessions read them: a training split and a held-out split. */
@FunctionalInterface
public interface TrainingDatasets {
  /**
   * The splits of dataset {@code id} (the held-out split may have 0 rows).
   *
   * @throws org.ebmsim.errors.NotFoundException for an unknown dataset
   */
  TrainingInputs splits(String id);
}
