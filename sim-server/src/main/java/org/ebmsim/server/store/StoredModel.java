package org.ebmsim.server.store;

import org.ebmsim.family.EnergyModel;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.ModelVersion;

/**
 * A registered model: what the store knows of it (id, name, creation time, parameter version,
 * image shape of its visible layer) and the immutable model its family built. The parameters are
 * not kept in wire form: they are encoded from the model when asked for.
 *
 * @param heldBytes bytes charged to the memory budget for this model
 * @param versionInfo when and by which training this version was written
 */
public record StoredModel(String id, String name, long createdMillis, long version, ImageShape imageShape,
    EnergyModel model, long heldBytes, ModelVersion versionInfo) {}
