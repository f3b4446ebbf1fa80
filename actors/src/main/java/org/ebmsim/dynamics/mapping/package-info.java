/**
 * Exact map from projection Hopfield networks to binary–Gaussian RBMs (W with orthonormal columns
 * spanning the patterns) and the approximate reverse map (binarizing W by an invertible X),
 * after Smart &amp; Zilman (ICLR 2021); linear algebra by EJML.
 */
package org.ebmsim.dynamics.mapping;
