package org.ebmsim.family;

import java.util.Map;

/**
 * How well a model fits some rows, computed by its {@link Learner}.
 *
 * @param reconstructionError mean over rows of the squared distance between a row and its
 *     one-step reconstruction (visible → hidden → visible means), per unit
 * @param pseudoLogLikelihood mean over rows of Σ_i log p(x_i | x_−i) (NaN where undefined, e.g.
 *     real-valued visible units)
 * @param weightNorms Frobenius norm of each weight matrix by name ("W", "W1", …), in model order
 */
public record TrainingMetrics(double reconstructionError, double pseudoLogLikelihood,
    Map<String, Double> weightNorms) {
  public TrainingMetrics {
    weightNorms = Map.copyOf(weightNorms);
  }
}
