package org.ebmsim.session;

import org.ebmsim.dynamics.AsynchronousDynamics;
import org.ebmsim.dynamics.GibbsSampler;
import org.ebmsim.dynamics.MetropolisSampler;
import org.ebmsim.dynamics.SpinSampler;

/** Which single-site rule chains use. */
public enum SamplerKind {
  /** Heat-bath Gibbs at the schedule's temperature. */
  GIBBS,
  /** Metropolis single-spin flips at the schedule's temperature. */
  METROPOLIS,
  /** Zero-temperature asynchronous updates in a random order per sweep. */
  DETERMINISTIC;

  public SpinSampler newSampler() {
    return switch (this) {
      case GIBBS -> new GibbsSampler();
      case METROPOLIS -> new MetropolisSampler();
      case DETERMINISTIC -> new AsynchronousDynamics(AsynchronousDynamics.Order.RANDOM);
    };
  }
}
