/**
 * Family "modern_hopfield": the modern continuous Hopfield network (Ramsauer et al.) as a model
 * the server stores and completes with, over the math of {@code dynamics.modern.continuous}.
 */
package org.ebmsim.family.modernhopfield;
