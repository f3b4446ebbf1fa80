package org.ebmsim.family.dense;

import java.util.List;
import org.ebmsim.dynamics.SpinEnumeration;
import org.ebmsim.dynamics.dense.DenseEnumeration;
import org.ebmsim.dynamics.dense.DenseMemory;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.ExactResult;
import org.ebmsim.family.ExactSolver;

/** Exact statistics of a dense memory over all 2^N states at any temperature. */
final class DenseExactSolver implements ExactSolver {
  private final DenseMemory memory;

  DenseExactSolver(DenseMemory memory) {
    this.memory = memory;
  }

  @Override
  public void check(double temperature, int maxUnits) {
    InvalidRequestException.require(Double.isFinite(temperature) && temperature > 0,
        "temperature must be finite and > 0 (got " + temperature + ")");
    DenseEnumeration.checkSize(memory.units(), maxUnits);
  }

  @Override
  public ExactResult solve(double temperature, int maxGroundStates, int maxUnits) {
    SpinEnumeration.Summary s = DenseEnumeration.summarize(memory, 1 / temperature, maxGroundStates, maxUnits);
    int n = memory.units();
    LayerShape visible = LayerShape.of("visible", n, ValueType.SPIN, true);
    LayerBlock ground = LayerBlock.ofBytes(visible, s.groundStates().size());
    for (int k = 0; k < s.groundStates().size(); k++) {
      System.arraycopy(s.groundStates().get(k), 0, ground.bytes(), k * n, n);
    }
    return new ExactResult(s.logPartition(), s.logPartition(), s.logPartition(),
        new ExactResult.EnergyMoments(s.meanEnergy(), s.heatCapacity(), s.entropy()),
        List.of(new ExactResult.LayerMarginals("visible", s.marginalPlus())),
        new ExactResult.GroundStates(s.groundEnergy(), List.of(ground), s.groundStateCount()), n);
  }
}
