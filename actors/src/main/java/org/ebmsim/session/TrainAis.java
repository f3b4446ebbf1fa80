package org.ebmsim.session;

/**
 * Mean log-likelihood of evaluation rows with log Z by annealed importance sampling.
 *
 * @param standardError from AIS's error on log Z (the rows' own spread is not included)
 */
public record TrainAis(double logLikelihood, double standardError, double logPartition,
    double effectiveSampleSize, int chains, int steps) {}
