package org.ebmsim.family.sparse;

import org.ebmsim.dynamics.SpinEnumeration;
import org.ebmsim.dynamics.sparse.SparseEnumeration;
import org.ebmsim.dynamics.sparse.SparseNetwork;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.ExactResult;
import org.ebmsim.family.ExactSolver;

/** Exact statistics of a small sparse network over all 2^N states, split into its layers. */
final class SparseExactSolver implements ExactSolver {
  private final SparseNetwork network;
  private final LayerLayout layout;

  SparseExactSolver(SparseNetwork network, LayerLayout layout) {
    this.network = network;
    this.layout = layout;
  }

  @Override
  public void check(double temperature, int maxUnits) {
    InvalidRequestException.require(Double.isFinite(temperature) && temperature > 0,
        "temperature must be finite and > 0 (got " + temperature + ")");
    SpinEnumeration.checkSize(network.units(), maxUnits);
  }

  @Override
  public ExactResult solve(double temperature, int maxGroundStates, int maxUnits) {
    return ExactResult.ofSpinSummary(
        SparseEnumeration.summarize(network, 1 / temperature, maxGroundStates, maxUnits), layout);
  }
}
