package org.ebmsim.session;

import java.util.Map;

/**
 * All chains after {@code sweep} completed sweeps, gathered from every chain group in chain order.
 *
 * @param energies E of every chain's current state, indexed by global chain
 * @param flips spins changed since the previous report
 * @param updates single-site updates since the previous report
 * @param lastSweepFlips spins changed in the latest sweep alone
 * @param samples states of the chains the plan asked for, by global chain
 * @param best the lowest-energy state any chain has visited so far
 */
public record SweepReport(long sweep, double[] energies, long flips, long updates, long lastSweepFlips,
    Map<Integer, byte[]> samples, ChainState best) {}
