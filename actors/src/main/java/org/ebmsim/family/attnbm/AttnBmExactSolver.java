package org.ebmsim.family.attnbm;

import java.util.List;
import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.ExactResult;
import org.ebmsim.family.ExactSolver;

/**
 * Exact log Z and the mean of an AttnBM at temperature T: the law e^{−βE/T} is the AttnBM at
 * β/T, exact when β/T is a positive integer (β-tuple expansion). The visible units are real, so
 * there is no enumeration: no energy moments or ground states.
 */
final class AttnBmExactSolver implements ExactSolver {
  private final AttnBm model;

  AttnBmExactSolver(AttnBm model) {
    this.model = model;
  }

  /** The model at β/T, or INVALID_ARGUMENT when that is not exact. */
  private AttnBm atTemperature(double temperature) {
    InvalidRequestException.require(Double.isFinite(temperature) && temperature > 0,
        "temperature must be finite and > 0 (got " + temperature + ")");
    double beta = model.inverseTemperature() / temperature;
    AttnBm at = temperature == 1 ? model : AttnBm.of(model.visibleUnits(), model.hiddenUnits(), model.patterns(),
        model.visibleBias(), model.hiddenBias(), beta);
    Exactness.require(at, "log Z at temperature " + temperature + " (β/T = " + beta + ")");
    return at;
  }

  @Override
  public void check(double temperature, int maxUnits) {
    atTemperature(temperature);
  }

  @Override
  public ExactResult solve(double temperature, int maxGroundStates, int maxUnits) {
    AttnBm at = atTemperature(temperature);
    double logZ = at.logPartition();
    return new ExactResult(logZ, logZ, logZ, null, List.of(new ExactResult.LayerMarginals("visible", at.mean())),
        null, model.visibleUnits());
  }
}
