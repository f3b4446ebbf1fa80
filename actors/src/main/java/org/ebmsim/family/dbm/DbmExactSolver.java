package org.ebmsim.family.dbm;

import java.util.ArrayList;
import java.util.List;
import org.ebmsim.dynamics.ModelTooLargeException;
import org.ebmsim.dynamics.dbm.Dbm;
import org.ebmsim.dynamics.dbm.DbmEnumeration;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.ExactResult;
import org.ebmsim.family.ExactSolver;

/** Exact log Z and every layer's marginals of a small DBM at any temperature. */
final class DbmExactSolver implements ExactSolver {
  private final Dbm dbm;
  private final LayerLayout layout;

  DbmExactSolver(Dbm dbm, LayerLayout layout) {
    this.dbm = dbm;
    this.layout = layout;
  }

  @Override
  public void check(double temperature, int maxUnits) {
    InvalidRequestException.require(Double.isFinite(temperature) && temperature > 0,
        "temperature must be finite and > 0 (got " + temperature + ")");
    int u = DbmEnumeration.enumeratedUnits(dbm);
    if (u > Math.min(maxUnits, 26)) {
      throw new ModelTooLargeException("exact enumeration of this deep Boltzmann machine visits the 2^" + u
          + " states of its odd layers and is limited to " + Math.min(maxUnits, 26)
          + " units (ebmsim.limits.exact-max-units)");
    }
  }

  @Override
  public ExactResult solve(double temperature, int maxGroundStates, int maxUnits) {
    DbmEnumeration.Result r = DbmEnumeration.solve(dbm, temperature, maxUnits);
    boolean spins = dbm.units() == ValueType.SPIN;
    List<ExactResult.LayerMarginals> marginals = new ArrayList<>();
    for (int l = 0; l < dbm.layers(); l++) {
      double[] m = r.means()[l].clone();
      for (int i = 0; i < m.length; i++) {
        m[i] = spins ? 0.5 * (1 + m[i]) : m[i];
      }
      marginals.add(new ExactResult.LayerMarginals(layout.layer(l).name(), m));
    }
    return new ExactResult(r.logPartition(), r.logPartition(), r.logPartition(), null, marginals, null,
        dbm.totalUnits());
  }
}
