package org.ebmsim.actor.ham;

/**
 * How a session runs its layers: plain data (the layers themselves are given to
 * {@link HamSession#create} as {@link org.ebmsim.dynamics.layered.LayerDynamics}).
 *
 * @param stagesPerStep neighbour exchanges per step (1 for Euler, 4 for RK4)
 * @param adiabaticTop true when the top layer is only relaxed to its fixed point
 * @param steps steps to take, ≥ 1
 * @param reportEvery a report after every this many steps (≥ 1), except the last (the result)
 * @param stochastic true for Langevin dynamics (never stops early, never "converged")
 * @param tolerance a deterministic run stops once a step moves no unit by more than this (≥ 0)
 */
public record HamSessionSpec(int stagesPerStep, boolean adiabaticTop, long steps, long reportEvery,
    boolean stochastic, double tolerance) {}
