package org.ebmsim.family.ising;

import java.util.List;
import org.ebmsim.dynamics.ising.IsingEnumeration;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.Likelihood;

/**
 * The exact likelihood of ±1 states under a Hopfield network's Boltzmann law at T = 1:
 * {@code log p(s) = −E(s) − log Z}, {@code E(s) = −½ sᵀWs − bᵀs}, with log Z by enumerating the
 * 2^N states (within the server's enumeration limit). No gradient: the model's pair correlations
 * would need a second enumeration pass per request, and no Hopfield learner uses it.
 */
final class HopfieldLikelihood implements Likelihood {
  private final IsingModel model;

  HopfieldLikelihood(IsingModel model) {
    this.model = model;
  }

  @Override
  public void check(int maxExactUnits, int rows, boolean logPartitionGiven) {
    if (logPartitionGiven) {
      return;
    }
    IsingEnumeration.checkSize(model.units(), maxExactUnits);
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
    int n = model.units();
    byte[] spins = new byte[rows.length];
    for (int k = 0; k < rows.length; k++) {
      double v = rows[k];
      if (v != 1 && v != -1) {
        throw new InvalidRequestException("rows[" + k / n + "][" + k % n + "] must be -1 or +1: a Hopfield network's"
            + " units are spins (got " + v + ")");
      }
      spins[k] = (byte) v;
    }
    double logZ = givenLogPartition.isPresent() ? givenLogPartition.getAsDouble() : IsingEnumeration.summarize(model, 1, 0, maxExactUnits).logPartition();
    double[] out = new double[count];
    for (int r = 0; r < count; r++) {
      out[r] = -model.energy(spins, r * n) - logZ;
    }
    return new Evaluation(out, logZ, List.of(), givenLogPartition.isPresent()
        ? "log Z given with the request (exact up to its error)" : "exact: log Z by enumerating 2^" + n + " states at T = 1");
  }
}
