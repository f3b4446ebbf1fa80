/**
 * Ising-type networks of ±1 units with dense symmetric couplings — Hopfield networks and general
 * Boltzmann machines, E = −½ sᵀWs − bᵀs: storage rules (Hebbian, projection, one GEMM each),
 * single-site heat-bath, Metropolis and asynchronous zero-temperature updates on chains that keep
 * their local fields current, synchronous dynamics with 2-cycle detection, exact enumeration by a
 * Gray-code walk, and the layer kernels through which the engine samples them (a Boltzmann
 * machine's visible and hidden layers exchange fields like any layered model).
 */
package org.ebmsim.dynamics.ising;
