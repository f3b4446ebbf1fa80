package org.ebmsim.actor.ham;

import org.ebmsim.dynamics.modern.ham.HamNetwork;
import org.ebmsim.dynamics.modern.ham.StepMethod;

/**
 * A validated run: the network, its initial state and clamped units, the integrator and how much
 * to run and report. Plain data; arrays are owned by the session once given.
 *
 * @param clamped null, or one mask per layer (null = no clamped unit)
 * @param x0 initial state, one array per layer
 * @param steps steps to take, ≥ 1
 * @param reportEvery a report after every this many steps (≥ 1), except the last (the result)
 * @param temperature T ≥ 0; T > 0 runs Langevin dynamics (Euler only)
 * @param tolerance a deterministic run stops once a step moves no unit by more than this (≥ 0)
 */
public record HamSessionSpec(HamNetwork network, StepMethod method, double dt, boolean adiabaticTop,
    boolean[][] clamped, double[][] x0, long steps, long reportEvery, double temperature, long seed,
    double tolerance) {}
