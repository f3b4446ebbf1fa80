package org.ebmsim.testing;

import org.ebmsim.family.EnergyModel;

/** An energy model that forwards everything to another; tests override the one part they change. */
public class DelegatingEnergyModel implements EnergyModel {
  protected final EnergyModel real;

  public DelegatingEnergyModel(EnergyModel real) {
    this.real = real;
  }

  @Override
  public org.ebmsim.family.ModelFamily family() {
    return real.family();
  }

  @Override
  public org.ebmsim.dynamics.sampling.Sampling sampling() {
    return real.sampling();
  }

  @Override
  public org.ebmsim.family.ModelSummary summary() {
    return real.summary();
  }

  @Override
  public com.google.protobuf.Message parameters() {
    return real.parameters();
  }

  @Override
  public org.ebmsim.family.StoredPatterns patterns() {
    return real.patterns();
  }

  @Override
  public long heapBytes() {
    return real.heapBytes();
  }
}
