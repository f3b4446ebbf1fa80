package org.ebmsim.server.grpc;

import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.FamilyRegistry;
import org.ebmsim.family.ModelSummary;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelCapabilities;
import org.ebmsim.server.store.StoredModel;

/** A stored model as the wire shows it: metadata, layers, capabilities, and parameters on request. */
final class ModelViews {
  private ModelViews() {}

  static Model model(StoredModel m, boolean withParameters) {
    EnergyModel model = m.model();
    Sampling sampling = model.sampling();
    LayerLayout layout = sampling.layout();
    ModelSummary summary = model.summary();
    int visible = layout.visible().units();
    ModelCapabilities.Builder caps = ModelCapabilities.newBuilder().setExact(model.exact().isPresent())
        .setPartitionFunction(model.ais().isPresent());
    if (sampling.samplers().contains(SamplerKind.GIBBS)) {
      caps.addDynamics(Dynamics.GIBBS);
    }
    if (sampling.samplers().contains(SamplerKind.METROPOLIS)) {
      caps.addDynamics(Dynamics.METROPOLIS);
    }
    if (sampling.samplers().contains(SamplerKind.METROPOLIS_MULTISPIN)) {
      caps.addDynamics(Dynamics.METROPOLIS_MULTISPIN);
    }
    Model.Builder b = Model.newBuilder().setId(m.id()).setName(m.name()).setFamily(model.family().key())
        .setVariant(summary.variant()).addAllLayers(WireStates.infos(layout)).setUnits(layout.totalUnits())
        .setVisibleUnits(visible).setHiddenUnits(layout.totalUnits() - visible)
        .setStoredPatterns(model.patterns().count()).setCreatedUnixMs(m.createdMillis())
        .setImageShape(m.imageShape()).setDescription(summary.description()).setEnergy(sampling.energyMeaning())
        .setVersion(m.version()).setLatestVersion(m.version()).setVersionInfo(m.versionInfo()).setHeldBytes(m.heldBytes()).setCapabilities(caps);
    if (withParameters) {
      FamilyRegistry.setOneof(b, "parameters", model.parameters());
    }
    return b.build();
  }
}
