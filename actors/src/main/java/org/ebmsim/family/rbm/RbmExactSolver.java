package org.ebmsim.family.rbm;

import java.util.List;
import org.ebmsim.dynamics.ising.IsingEnumeration;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.RbmEnumeration;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.ExactResult;
import org.ebmsim.family.ExactSolver;

/**
 * Exact log Z_joint, log Z_visible and visible marginals of a small RBM, enumerating its smaller
 * discrete layer while the other is summed or integrated out. Only at the model's own
 * temperature: an RBM's law at T is another RBM (its β or σ carry the temperature).
 */
final class RbmExactSolver implements ExactSolver {
  private final Rbm rbm;
  private final LayerLayout layout;

  RbmExactSolver(Rbm rbm, LayerLayout layout) {
    this.rbm = rbm;
    this.layout = layout;
  }

  @Override
  public void check(double temperature, int maxUnits) {
    InvalidRequestException.require(temperature == 1, "temperature: RBM exact summaries are at the model's own"
        + " temperature (0 or 1); use inverse_temperature of a BINARY_GAUSSIAN RBM (got " + temperature + ")");
    enumeration(maxUnits).checkSize(rbm);
  }

  /** Same ceiling as the Ising enumeration: 2^26 log-weights are the most a request may allocate. */
  private static RbmEnumeration enumeration(int maxUnits) {
    return new RbmEnumeration(Math.max(1, Math.min(maxUnits, IsingEnumeration.ABSOLUTE_MAX_UNITS)));
  }

  @Override
  public ExactResult solve(double temperature, int maxGroundStates, int maxUnits) {
    RbmEnumeration enumeration = enumeration(maxUnits);
    RbmEnumeration.LogPartition logZ = enumeration.logPartition(rbm);
    RbmEnumeration.VisibleMoments moments = enumeration.visibleMoments(rbm);
    // spins report P(s_i = +1) = (1 + E[s_i]) / 2; bits P(v_i = 1) = E[v_i]; Gaussian units E[v_i]
    boolean spins = rbm.visibleType() == ValueType.SPIN;
    double[] m = moments.means().clone();
    for (int i = 0; i < m.length; i++) {
      m[i] = spins ? 0.5 * (1 + m[i]) : m[i];
    }
    return new ExactResult(logZ.visible(), logZ.joint(), logZ.visible(), null,
        List.of(new ExactResult.LayerMarginals(layout.visible().name(), m)), null,
        rbm.visibleUnits() + rbm.hiddenUnits());
  }
}
