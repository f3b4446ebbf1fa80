package org.ebmsim.server.store;

import org.ebmsim.dynamics.IsingModel;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.session.ModelView;

/**
 * A registered model: its wire description (with parameters) and the energy built from it once.
 */
public final class StoredModel {
  private final Model proto;
  private final ModelView view;

  /** Builds the energy from {@code proto}'s weights and bias; throws if they are invalid. */
  public StoredModel(Model proto) {
    int n = proto.getUnits();
    double[] weights = proto.getWeights().getValuesList().stream().mapToDouble(Double::doubleValue).toArray();
    double[] bias = proto.getBiasCount() == 0 ? null
        : proto.getBiasList().stream().mapToDouble(Double::doubleValue).toArray();
    IsingModel ising = IsingModel.of(n, weights, bias);
    int p = proto.getPatterns().getRows();
    byte[] patterns = new byte[proto.getPatterns().getSpinsCount()];
    for (int k = 0; k < patterns.length; k++) {
      patterns[k] = (byte) proto.getPatterns().getSpins(k);
    }
    this.proto = proto;
    this.view = new ModelView(ising, proto.getVisibleUnits(), patterns, p);
  }

  public String id() {
    return proto.getId();
  }

  /** Full description including parameters. */
  public Model proto() {
    return proto;
  }

  /** Description without weights, bias and patterns. */
  public Model summary() {
    return proto.toBuilder().clearWeights().clearBias().clearPatterns().build();
  }

  public ModelView view() {
    return view;
  }
}
