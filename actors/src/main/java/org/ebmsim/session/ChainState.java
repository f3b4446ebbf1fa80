package org.ebmsim.session;

/** One chain's state over all units with its energy. */
public record ChainState(int chain, double energy, byte[] spins) {}
