package org.ebmsim.family;

/**
 * A model built from a spec, with the image shape of its visible layer (0 × 0 when the units are
 * not an image).
 */
public record CreatedModel(EnergyModel model, int imageHeight, int imageWidth) {}
