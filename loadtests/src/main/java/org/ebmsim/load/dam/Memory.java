package org.ebmsim.load.dam;

import com.google.protobuf.Message;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.FamilyRegistry;
import org.ebmsim.proto.v1.DenseInteraction;
import org.ebmsim.proto.v1.DenseMemorySpec;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;

/**
 * The memories the capacity experiment compares, each built by its family from the same ±1
 * patterns exactly as CreateModel builds it: dense memories with F = x², x³, x⁴ and eˣ, and the
 * Hebbian Hopfield network.
 */
enum Memory {
  POWER_2("n=2", DenseInteraction.POWER, 2),
  POWER_3("n=3", DenseInteraction.POWER, 3),
  POWER_4("n=4", DenseInteraction.POWER, 4),
  EXPONENTIAL("exp", DenseInteraction.EXPONENTIAL, 0),
  HEBBIAN("hebbian", null, 0);

  private final String label;
  private final DenseInteraction interaction;
  private final int degree;

  Memory(String label, DenseInteraction interaction, int degree) {
    this.label = label;
    this.interaction = interaction;
    this.degree = degree;
  }

  /** Name in the CSV and the plot. */
  String label() {
    return label;
  }

  static Memory parse(String label) {
    for (Memory m : values()) {
      if (m.label.equals(label) || m.name().equalsIgnoreCase(label)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown memory " + label + " (n=2, n=3, n=4, exp, hebbian)");
  }

  /** The model of {@code p} patterns of {@code n} units (row-major ±1), built by its registered family. */
  EnergyModel build(int p, int n, byte[] patterns) {
    SpinMatrix.Builder xi = SpinMatrix.newBuilder().setRows(p).setCols(n);
    for (byte v : patterns) {
      xi.addSpins(v);
    }
    Message spec = interaction == null
        ? HopfieldFromPatterns.newBuilder().setPatterns(xi).setRule(StorageRule.HEBBIAN).build()
        : DenseMemorySpec.newBuilder().setPatterns(xi).setInteraction(interaction).setDegree(degree).build();
    FamilyRegistry.Resolved family = FamilyRegistry.builtIn().spec(spec, "spec");
    return family.family().create(family.message(), CreateContext.of(Integer.MAX_VALUE, Integer.MAX_VALUE)).model();
  }
}
