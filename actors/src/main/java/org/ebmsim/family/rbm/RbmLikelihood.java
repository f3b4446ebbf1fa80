package org.ebmsim.family.rbm;

import java.util.List;
import org.ebmsim.dynamics.ising.IsingEnumeration;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.RbmEnumeration;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.Likelihood;

/**
 * The exact likelihood of visible states under an RBM: {@code log p(v) = −F(v) − log Z_visible},
 * F the variant's free energy (hidden units summed or integrated out), log Z_visible by
 * enumerating the smaller discrete layer (the exact solver's limit). A density for
 * Gaussian–Bernoulli visible units. No gradient: its model term would need the enumeration's
 * pair moments, which it does not keep.
 */
final class RbmLikelihood implements Likelihood {
  private final Rbm rbm;

  RbmLikelihood(Rbm rbm) {
    this.rbm = rbm;
  }

  private static RbmEnumeration enumeration(int maxUnits) {
    return new RbmEnumeration(Math.max(1, Math.min(maxUnits, IsingEnumeration.ABSOLUTE_MAX_UNITS)));
  }

  @Override
  public void check(int maxExactUnits, int rows, boolean logPartitionGiven) {
    if (logPartitionGiven) {
      return;
    }
    enumeration(maxExactUnits).checkSize(rbm);
  }

  @Override
  public boolean acceptsGivenLogPartition() {
    return true;
  }

  @Override
  public boolean offersGradient() {
    return false;
  }

  @Override
  public Evaluation evaluate(double[] rows, int count, boolean gradient, int maxExactUnits,
      java.util.OptionalDouble givenLogPartition) {
    int n = rbm.visibleUnits();
    ValueType type = rbm.visibleType();
    for (int k = 0; k < rows.length; k++) {
      double v = rows[k];
      boolean ok = switch (type) {
        case SPIN -> v == 1 || v == -1;
        case BINARY -> v == 0 || v == 1;
        default -> true;
      };
      if (!ok) {
        throw new InvalidRequestException("rows[" + k / n + "][" + k % n + "] must be " + (type == ValueType.SPIN
            ? "-1 or +1" : "0 or 1") + " for this RBM's visible units (got " + v + ")");
      }
    }
    double logZ = givenLogPartition.isPresent() ? givenLogPartition.getAsDouble() : enumeration(maxExactUnits).logPartition(rbm).visible();
    double[] out = new double[count];
    double[] row = new double[n];
    for (int r = 0; r < count; r++) {
      System.arraycopy(rows, r * n, row, 0, n);
      out[r] = -rbm.freeEnergy(row) - logZ;
    }
    return new Evaluation(out, logZ, List.of(), givenLogPartition.isPresent()
        ? "log Z given with the request (exact up to its error)" : "exact: log Z_visible by enumerating the smaller layer");
  }
}
