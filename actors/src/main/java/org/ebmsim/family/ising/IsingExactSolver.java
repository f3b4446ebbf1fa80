package org.ebmsim.family.ising;

import org.ebmsim.dynamics.ising.IsingEnumeration;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.ExactResult;
import org.ebmsim.family.ExactSolver;

/**
 * Exact statistics of an Ising-type model over all 2^N states at any temperature: log Z, energy
 * moments, marginals and ground states, split into the model's layers.
 */
final class IsingExactSolver implements ExactSolver {
  private final IsingModel model;
  private final LayerLayout layout;

  IsingExactSolver(IsingModel model, LayerLayout layout) {
    this.model = model;
    this.layout = layout;
  }

  @Override
  public void check(double temperature, int maxUnits) {
    InvalidRequestException.require(Double.isFinite(temperature) && temperature > 0,
        "temperature must be finite and > 0 (got " + temperature + ")");
    IsingEnumeration.checkSize(model.units(), maxUnits);
  }

  @Override
  public ExactResult solve(double temperature, int maxGroundStates, int maxUnits) {
    return ExactResult.ofSpinSummary(
        IsingEnumeration.summarize(model, 1 / temperature, maxGroundStates, maxUnits), layout);
  }
}
