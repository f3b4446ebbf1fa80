package org.ebmsim.dynamics.modern.attnbm;

/**
 * An objective to minimize and its gradient with respect to every AttnBM parameter, in the
 * parameters' layouts: {@code patterns} p × N row-major (∂/∂ξ), {@code visibleBias} N (∂/∂b),
 * {@code hiddenBias} p (∂/∂c). Arrays are owned by the record (not copied).
 */
public record AttnBmObjective(double value, double[] patterns, double[] visibleBias, double[] hiddenBias) {}
