package org.ebmsim.session;

import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.ais.AisSchedule;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.rbm.Rbm;

/**
 * An annealed-importance-sampling request: a path from a base distribution to the RBM, the
 * β schedule, the chains, and what to report.
 *
 * @param path the AIS path; immutable and shared by every chain group (each makes its own batch)
 * @param chainsPerGroup chains per chain-group actor; fixed by configuration, never by the
 *     machine, so that native-BLAS rounding (which depends on matrix height) is reproducible
 * @param reportEvery temperatures between progress events, ≥ 1
 * @param data visible rows for the log-likelihood and the reverse run, or {@code null}
 * @param reverse also run reverse AIS from the data rows (cycled over the chains)
 */
public record PartitionFunctionPlan(Rbm rbm, AisPath path, AisSchedule schedule, int chains, long seed,
    int chainsPerGroup, int reportEvery, boolean includeLogWeights, FloatMatrix data, boolean reverse) {
  public PartitionFunctionPlan {
    if (chains < 1) {
      throw new IllegalArgumentException("chains must be >= 1 (got " + chains + ")");
    }
    if (reverse && data == null) {
      throw new IllegalArgumentException("reverse AIS starts from data: give data rows");
    }
    if (reportEvery < 1 || chainsPerGroup < 1) {
      throw new IllegalArgumentException("reportEvery and chainsPerGroup must be >= 1");
    }
  }

  /** The data rows that start reverse chains {@code first .. first+count-1} (rows cycled). */
  public FloatMatrix reverseStart(int first, int count) {
    FloatMatrix out = FloatMatrix.zeros(count, data.cols());
    for (int c = 0; c < count; c++) {
      int row = (first + c) % data.rows();
      for (int i = 0; i < data.cols(); i++) {
        out.set(c, i, data.get(row, i));
      }
    }
    return out;
  }

  /** The next report step after {@code step}. */
  public int nextReport(int step) {
    return Math.min(schedule.steps(), (step / reportEvery + 1) * reportEvery);
  }
}
