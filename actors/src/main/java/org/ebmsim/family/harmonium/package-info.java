/**
 * Family "harmonium": the model-A Boltzmann machine (exponential-family harmonium) as a model the
 * server stores, samples (Anneal, Complete) and trains by CD, over the math of
 * {@code dynamics.harmonium}.
 */
package org.ebmsim.family.harmonium;
