/**
 * Model C's Boltzmann law over directions (MATH.md §4): the von Mises–Fisher distribution on the
 * unit sphere, its log-normalizer through modified Bessel functions I_ν evaluated in log space,
 * and Wood's (1994) rejection sampler.
 */
package org.ebmsim.dynamics.modern.vmf;
