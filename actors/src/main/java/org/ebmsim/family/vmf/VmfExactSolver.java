package org.ebmsim.family.vmf;

import java.util.List;
import org.ebmsim.dynamics.modern.vmf.VonMisesFisher;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.ExactResult;

/**
 * Model C's exact statistics at temperature T in closed form: the law e^{−βE/T} is von
 * Mises–Fisher with κ = β‖η‖/T, so with A = A_N(κ) = I_{N/2}(κ)/I_{N/2−1}(κ) and W = μᵀv:
 * log Z = −log C_N(κ) (surface measure), ⟨E⟩ = −‖η‖A, Var W = 1 − A² − (N−1)A/κ (1/N at κ = 0),
 * heat capacity d⟨E⟩/dT = (β/T²)‖η‖² Var W, entropy −⟨log p⟩ = log Z + (β/T)⟨E⟩, and the mean
 * state A·μ. No ground states are listed: the minimum −‖η‖ is reached at the single point μ.
 */
final class VmfExactSolver implements org.ebmsim.family.ExactSolver {
  private final double[] eta;
  private final double etaNorm;
  private final double beta;

  VmfExactSolver(double[] eta, double etaNorm, double beta) {
    this.eta = eta;
    this.etaNorm = etaNorm;
    this.beta = beta;
  }

  @Override
  public void check(double temperature, int maxUnits) {
    InvalidRequestException.require(Double.isFinite(temperature) && temperature > 0,
        "temperature must be finite and > 0 (got " + temperature + ")");
  }

  @Override
  public ExactResult solve(double temperature, int maxGroundStates, int maxUnits) {
    check(temperature, maxUnits);
    int n = eta.length;
    VonMisesFisher law = VonMisesFisher.ofModelC(n, 1, eta, beta / temperature); // uniform when η = 0
    double kappa = law.concentration();
    double logZ = -law.logNormalizer();
    double a = law.meanResultantLength();
    double varW = kappa == 0 ? 1.0 / n : Math.max(0, 1 - a * a - (n - 1) * a / kappa);
    double meanEnergy = -etaNorm * a;
    double heatCapacity = beta / (temperature * temperature) * etaNorm * etaNorm * varW;
    double entropy = logZ + beta / temperature * meanEnergy;
    double[] mu = law.meanDirection();
    double[] marginal = new double[n];
    for (int i = 0; i < n; i++) {
      marginal[i] = a * mu[i];
    }
    return new ExactResult(logZ, logZ, logZ, new ExactResult.EnergyMoments(meanEnergy, heatCapacity, entropy),
        List.of(new ExactResult.LayerMarginals("visible", marginal)), null, n);
  }
}
