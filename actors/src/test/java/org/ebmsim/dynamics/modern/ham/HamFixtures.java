package org.ebmsim.dynamics.modern.ham;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded random networks, weights and states shared by the HAM tests. */
final class HamFixtures {
  /** Every Lagrangian kind that works on a dense layer, with a non-default parameter where it has one. */
  static final List<String> KINDS = List.of("identity", "softmax", "sigmoid", "tanh", "relu");

  private HamFixtures() {}

  static Map<String, Double> parameters(String kind) {
    return switch (kind) {
      case "softmax", "channel_softmax" -> Map.of("beta", 2.0);
      case "sigmoid", "tanh" -> Map.of("beta", 1.5);
      default -> Map.of();
    };
  }

  static double[] gaussian(SplittableRandom r, int n, double sd) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = sd * r.nextGaussian();
    }
    return v;
  }

  static DenseSynapse dense(SplittableRandom r, TensorShape below, TensorShape above, double sd) {
    return new DenseSynapse(below, above, gaussian(r, below.size() * above.size(), sd));
  }

  /** Dense layers of the given sizes and kinds (τ = 1), random weights N(0, sd²). */
  static HamNetwork denseNetwork(long seed, int[] sizes, String[] kinds, double sd) {
    SplittableRandom r = new SplittableRandom(seed);
    List<HamLayer> layers = new ArrayList<>();
    for (int a = 0; a < sizes.length; a++) {
      layers.add(HamLayer.of(TensorShape.dense(sizes[a]), kinds[a], parameters(kinds[a]), 1));
    }
    List<Synapse> synapses = new ArrayList<>();
    for (int a = 0; a + 1 < sizes.length; a++) {
      synapses.add(dense(r, layers.get(a).shape(), layers.get(a + 1).shape(), sd));
    }
    return HamNetwork.of(layers, synapses);
  }

  /** A random state N(0, sd²) per layer. */
  static double[][] state(HamNetwork net, long seed, double sd) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[net.layers()][];
    for (int a = 0; a < x.length; a++) {
      x[a] = gaussian(r, net.layer(a).size(), sd);
    }
    return x;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static double maxAbsDiff(double[][] a, double[][] b) {
    double m = 0;
    for (int k = 0; k < a.length; k++) {
      m = Math.max(m, maxAbsDiff(a[k], b[k]));
    }
    return m;
  }
}
