/**
 * Dense matrix products for the samplers: a row-major GEMM facade ({@link org.ebmsim.dynamics.blas.Gemm})
 * backed by native OpenBLAS with a pure-Java fallback, and the {@link org.ebmsim.dynamics.blas.FloatMatrix}
 * batch type (chains × units) that layers exchange.
 */
package org.ebmsim.dynamics.blas;
