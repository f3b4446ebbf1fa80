/**
 * The dense associative memory capacity experiment: retrieval of noisy cues against the load p/N
 * for F = x², x³, x⁴, eˣ and Hebbian storage, through each family's own model and kernel.
 */
package org.ebmsim.load.dam;
