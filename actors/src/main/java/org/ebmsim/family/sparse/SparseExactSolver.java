package org.ebmsim.family.sparse;

import java.util.ArrayList;
import java.util.List;
import org.ebmsim.dynamics.SpinEnumeration;
import org.ebmsim.dynamics.sparse.SparseEnumeration;
import org.ebmsim.dynamics.sparse.SparseNetwork;
import org.ebmsim.dynamics.state.LayerBlock;
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
    SpinEnumeration.Summary s = SparseEnumeration.summarize(network, 1 / temperature, maxGroundStates, maxUnits);
    List<ExactResult.LayerMarginals> marginals = new ArrayList<>();
    List<LayerBlock> ground = new ArrayList<>();
    int offset = 0;
    for (int l = 0; l < layout.size(); l++) {
      int n = layout.layer(l).units();
      double[] m = new double[n];
      System.arraycopy(s.marginalPlus(), offset, m, 0, n);
      marginals.add(new ExactResult.LayerMarginals(layout.layer(l).name(), m));
      LayerBlock block = LayerBlock.ofBytes(layout.layer(l), s.groundStates().size());
      for (int k = 0; k < s.groundStates().size(); k++) {
        System.arraycopy(s.groundStates().get(k), offset, block.bytes(), k * n, n);
      }
      ground.add(block);
      offset += n;
    }
    return new ExactResult(s.logPartition(), s.logPartition(), s.logPartition(),
        new ExactResult.EnergyMoments(s.meanEnergy(), s.heatCapacity(), s.entropy()), marginals,
        new ExactResult.GroundStates(s.groundEnergy(), ground, s.groundStateCount()), s.units());
  }
}
