package org.ebmsim.family;

/**
 * How a model presents itself in listings.
 *
 * @param variant family-specific variant ("binary", "hebbian", …), possibly empty
 * @param description one line, e.g. "RBM (binary), 784 visible x 500 hidden units"
 */
public record ModelSummary(String variant, String description) {}
