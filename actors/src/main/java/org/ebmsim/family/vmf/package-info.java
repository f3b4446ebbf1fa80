/**
 * Family "vmf": Krotov &amp; Hopfield's model C, directions whose Boltzmann law is von
 * Mises–Fisher, over the math of {@code dynamics.modern.vmf}: exact summaries and exact sampling.
 */
package org.ebmsim.family.vmf;
