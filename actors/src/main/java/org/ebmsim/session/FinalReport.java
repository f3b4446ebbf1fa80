package org.ebmsim.session;

import java.util.Map;

/**
 * The end of a run, gathered from every chain group.
 *
 * @param bestEnergies every chain's lowest visited energy, by global chain
 * @param bestStates best states of the chains the plan asked for
 * @param finalStates final states of the chains the plan asked for
 * @param plusCounts per unit, how many averaged states had it at +1
 * @param averagedStates how many (chain, sweep) states were averaged
 */
public record FinalReport(long sweeps, boolean stoppedEarly, double[] bestEnergies,
    Map<Integer, byte[]> bestStates, double[] finalEnergies, Map<Integer, byte[]> finalStates,
    long[] plusCounts, long averagedStates, ChainState best) {}
