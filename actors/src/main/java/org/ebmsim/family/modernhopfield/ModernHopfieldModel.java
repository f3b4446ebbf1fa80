package org.ebmsim.family.modernhopfield;

import com.google.protobuf.Message;
import java.util.Optional;
import org.ebmsim.dynamics.modern.continuous.ModernHopfield;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.ModelSummary;
import org.ebmsim.family.RealPatterns;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.ModernHopfieldParameters;

/** A stored modern Hopfield network: its parameters, its engine layout and its real patterns. */
final class ModernHopfieldModel implements EnergyModel, RealPatterns {
  private final ModelFamily family;
  private final ModernHopfield network;
  private final ModernHopfieldLayout layout;

  ModernHopfieldModel(ModelFamily family, ModernHopfield network) {
    this.family = family;
    this.network = network;
    this.layout = new ModernHopfieldLayout(network);
  }

  @Override
  public ModelFamily family() {
    return family;
  }

  @Override
  public Sampling sampling() {
    return layout;
  }

  @Override
  public ModelSummary summary() {
    return new ModelSummary("", "modern Hopfield network, " + network.units() + " real units, "
        + network.patternCount() + " patterns, β = " + network.inverseTemperature());
  }

  @Override
  public Message parameters() {
    int p = network.patternCount();
    int n = network.units();
    Matrix.Builder m = Matrix.newBuilder().setRows(p).setCols(n);
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        m.addValues(network.pattern(mu, i));
      }
    }
    return ModernHopfieldParameters.newBuilder().setPatterns(m).setInverseTemperature(network.inverseTemperature())
        .build();
  }

  /** None: the patterns are real; {@link #realPatterns()} gives them. */
  @Override
  public StoredPatterns patterns() {
    return StoredPatterns.none(network.units());
  }

  @Override
  public Optional<RealPatterns> realPatterns() {
    return Optional.of(this);
  }

  @Override
  public long heapBytes() {
    return 4L * network.patternCount() * network.units() + 512;
  }

  @Override
  public int count() {
    return network.patternCount();
  }

  @Override
  public int units() {
    return network.units();
  }

  @Override
  public float[] pattern(int mu) {
    return network.pattern(mu);
  }

  @Override
  public double[] weights(float[] state) {
    return network.weights(state);
  }
}
