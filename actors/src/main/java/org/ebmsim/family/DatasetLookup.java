package org.ebmsim.family;

/**
 * Stored datasets as a family sees them when a model is initialised from data (an RBM whose
 * weights start from a dataset's class means, principal components, …).
 */
@FunctionalInterface
public interface DatasetLookup {
  /**
   * The dataset's rows and labels.
   *
   * @throws org.ebmsim.errors.NotFoundException if there is no such dataset
   */
  TrainingData get(String datasetId);

  /** A lookup that knows no dataset. */
  DatasetLookup NONE = id -> {
    throw new org.ebmsim.errors.NotFoundException("dataset " + id + " not found");
  };
}
