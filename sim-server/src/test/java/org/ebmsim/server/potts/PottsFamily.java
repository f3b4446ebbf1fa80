package org.ebmsim.server.potts;

import com.google.protobuf.Message;
import java.util.List;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;

/** Family "potts", defined only in test code: registered on a server, it is created through Any. */
public final class PottsFamily implements ModelFamily {
  @Override
  public String key() {
    return "potts";
  }

  @Override
  public String description() {
    return "q-state Potts model (test family)";
  }

  @Override
  public List<Message> specPrototypes() {
    return List.of(PottsSpec.getDefaultInstance());
  }

  @Override
  public Message parametersPrototype() {
    return PottsSpec.getDefaultInstance();
  }

  @Override
  public CreatedModel create(Message spec, CreateContext context) {
    return new CreatedModel(build((PottsSpec) spec), 0, 0);
  }

  @Override
  public EnergyModel decode(Message parameters) {
    return build((PottsSpec) parameters);
  }

  private PottsModel build(PottsSpec spec) {
    int q = spec.getStates();
    int n = spec.getUnits();
    InvalidRequestException.require(q >= 2 && q <= 127, "potts.states must be in [2, 127] (got " + q + ")");
    InvalidRequestException.require(n >= 1 && n <= 64, "potts.units must be in [1, 64] (got " + n + ")");
    InvalidRequestException.require(spec.getCouplingsCount() == n * n, "potts.couplings must have units² entries");
    double[] j = new double[n * n];
    for (int k = 0; k < j.length; k++) {
      j[k] = spec.getCouplings(k);
    }
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        InvalidRequestException.require(j[a * n + b] == j[b * n + a], "potts.couplings must be symmetric");
      }
    }
    double[] h = new double[n * q];
    if (spec.getFieldsCount() > 0) {
      InvalidRequestException.require(spec.getFieldsCount() == n * q, "potts.fields must have units × states entries");
      for (int k = 0; k < h.length; k++) {
        h[k] = spec.getFields(k);
      }
    }
    return new PottsModel(this, q, n, j, h);
  }
}
