/**
 * The product-of-experts classifier (mapping paper §3.2): one expert per class, features
 * ‖sᵀW^{(μ)}‖², multinomial logistic regression by L-BFGS; principal-subspace experts.
 */
package org.ebmsim.dynamics.train.poe;
