package org.ebmsim.family.attnbm;

import java.util.List;
import org.ebmsim.dynamics.ModelTooLargeException;
import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.ebmsim.dynamics.modern.attnbm.AttnBmObjective;
import org.ebmsim.family.Likelihood;

/**
 * The exact likelihood of an AttnBM with integer β: log p(v) = −βE(v) − log Z with log Z from
 * the β-tuple expansion, and the exact gradient of the mean negative log-likelihood.
 */
final class AttnBmLikelihood implements Likelihood {
  private final AttnBm model;

  /** Multiply-adds of the data term (rows × N × p) per request at most: a few seconds of one core. */
  static final long MAX_ROW_WORK = 1L << 32;

  AttnBmLikelihood(AttnBm model) {
    this.model = model;
  }

  @Override
  public void check(int maxExactUnits, int rows, boolean logPartitionGiven) {
    Exactness.require(model, "the log-likelihood");
    long work = (long) rows * model.visibleUnits() * model.hiddenUnits();
    if (work > MAX_ROW_WORK) {
      throw new ModelTooLargeException("the log-likelihood of " + rows + " rows under " + model.hiddenUnits()
          + " patterns of " + model.visibleUnits() + " units takes rows × N × p = " + work
          + " multiply-adds, above the limit of " + MAX_ROW_WORK + " per request; send fewer rows per request");
    }
  }

  @Override
  public boolean offersGradient() {
    return true;
  }

  /** {@code maxExactUnits} does not apply: nothing is enumerated (the mixture has its own size limit). */
  @Override
  public Evaluation evaluate(double[] rows, int count, boolean gradient, int maxExactUnits,
      java.util.OptionalDouble givenLogPartition) {
    long components = Exactness.require(model, "the log-likelihood");
    double[] logDensities = model.logDensities(rows, count);
    List<Gradient> g = List.of();
    if (gradient) {
      int p = model.hiddenUnits();
      int n = model.visibleUnits();
      AttnBmObjective o = model.negativeLogLikelihoodGradient(rows, count);
      // the order and names of AttnBmParameters' fields
      g = List.of(new Gradient("patterns", p, n, o.patterns()), new Gradient("visible_bias", 1, n, o.visibleBias()),
          new Gradient("hidden_bias", 1, p, o.hiddenBias()));
    }
    return new Evaluation(logDensities, model.logPartition(), g, "exact: β-tuple expansion at β = "
        + (long) model.inverseTemperature() + ", " + components + " Gaussian component" + (components == 1 ? "" : "s"));
  }
}
