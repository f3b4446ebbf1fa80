package org.ebmsim.dynamics.modern.attnbm;

/**
 * What the exact AttnBM needs from its β-tuple expansion, gathered in two passes over the
 * components: {@code log Σ_τ e^{a_τ}} (a_τ the unnormalized log-weights) and, under the normalized
 * weights {@code w_τ}, the first two moments of the members' multiplicities {@code n_μ(τ)}:
 * {@code m_μ = Σ_τ w_τ n_μ(τ) = ∂ log Z/∂c_μ} and {@code M_μν = Σ_τ w_τ n_μ(τ) n_ν(τ)}, which give
 * {@code ∂ log Z/∂ξ_μ = (1/k) Σ_ν M_μν ξ_ν}, the model mean and the model covariance.
 *
 * <p>For k = 1 every component has one member, so M = diag(m) and is not stored (a 900-unit
 * model would otherwise fill 6.5 MB per gradient for a diagonal).
 */
final class TupleStatistics {
  final double logWeightSum;
  final double[] multiplicityMean;
  /** p × p row-major, or null when k = 1 (then M = diag(m)). */
  final double[] multiplicitySecondMoment;

  private TupleStatistics(double logWeightSum, double[] mean, double[] second) {
    this.logWeightSum = logWeightSum;
    this.multiplicityMean = mean;
    this.multiplicitySecondMoment = second;
  }

  static TupleStatistics of(TupleExpansion expansion, int hidden) {
    // pass 1: the log-sum-exp of the log-weights, streamed (a running maximum rescales the sum)
    double[] acc = {Double.NEGATIVE_INFINITY, 0.0};
    expansion.forEach((members, a) -> {
      if (a > acc[0]) {
        acc[1] = acc[1] * Math.exp(acc[0] - a) + 1.0;
        acc[0] = a;
      } else {
        acc[1] += Math.exp(a - acc[0]);
      }
    });
    double logSum = acc[0] + Math.log(acc[1]);
    // pass 2: normalized weights, accumulated without storing the components (there may be 2^24)
    double[] mean = new double[hidden];
    int k = expansion.order();
    double[] second = k == 1 ? null : new double[hidden * hidden];
    expansion.forEach((members, a) -> {
      double w = Math.exp(a - logSum);
      for (int j = 0; j < k; j++) {
        mean[members[j]] += w;
        if (second != null) {
          int row = members[j] * hidden;
          for (int l = 0; l < k; l++) {
            second[row + members[l]] += w;
          }
        }
      }
    });
    return new TupleStatistics(logSum, mean, second);
  }

  /** {@code M_μν}. */
  double secondMoment(int mu, int nu, int hidden) {
    if (multiplicitySecondMoment == null) {
      return mu == nu ? multiplicityMean[mu] : 0.0;
    }
    return multiplicitySecondMoment[mu * hidden + nu];
  }
}
