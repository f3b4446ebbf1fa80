/**
 * Family "attnbm": the attentional Boltzmann machine (Ota &amp; Karakida, MATH.md §5) of
 * {@code dynamics.modern.attnbm}, validated from {@code AttnBmSpec}, stored as
 * {@code AttnBmParameters}. It offers what the math computes exactly for an integer β — log Z
 * (ExactSummary), the likelihood and its gradient (Evaluate), conditional means of missing units
 * (Reconstruct) — and one-step model-B retrieval at any β. It has no chain sampler for the
 * session engine, so its models refuse sessions through {@code samplingProblem()}.
 */
package org.ebmsim.family.attnbm;
