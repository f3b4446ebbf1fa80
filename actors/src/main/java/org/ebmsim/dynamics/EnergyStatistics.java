package org.ebmsim.dynamics;

/** Minimum, mean and maximum of chain energies; summed in index order so it is reproducible. */
public record EnergyStatistics(double min, double mean, double max) {
  public static EnergyStatistics of(double[] energies) {
    if (energies.length == 0) {
      throw new IllegalArgumentException("energies must not be empty");
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (double e : energies) {
      min = Math.min(min, e);
      max = Math.max(max, e);
      sum += e;
    }
    return new EnergyStatistics(min, sum / energies.length, max);
  }
}
