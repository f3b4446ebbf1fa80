package org.ebmsim.dynamics.modern.ham;

import java.util.Arrays;
import java.util.List;

/**
 * A hierarchical associative memory: layers {@code A = 0 … L−1} and synapses {@code ξ^{(A+1,A)}}
 * between neighbours only (MATH.md §6). Layer A receives the input
 * {@code I^A = ξ^{(A,A−1)} g^{A−1} + (ξ^{(A+1,A)})ᵀ g^{A+1}} (absent terms at the ends) and evolves
 * by {@code τ_A dx^A/dt = I^A − x^A}; the energy is
 * {@code E = Σ_A [x^A·g^A − L^A(x^A)] − Σ_{A<L−1} g^{A+1}·ξ^{(A+1,A)} g^A}.
 *
 * <p>Immutable. {@link #input} is the whole coupling a layer needs: one layer's state plus its
 * neighbours' outputs give its update, so layers can run apart (one actor each) and exchange
 * their outputs {@code g} every step.
 */
public final class HamNetwork {
  private final HamLayer[] layers;
  private final Synapse[] synapses;

  private HamNetwork(HamLayer[] layers, Synapse[] synapses) {
    this.layers = layers;
    this.synapses = synapses;
  }

  /**
   * Validates the wiring.
   *
   * @param layers at least 2, bottom (input) first
   * @param synapses {@code layers.size() − 1}; synapse A connects layer A (below) to A+1 (above)
   * @throws IllegalArgumentException naming the synapse and layer whose shapes do not match
   */
  public static HamNetwork of(List<HamLayer> layers, List<Synapse> synapses) {
    if (layers == null || layers.size() < 2) {
      throw new IllegalArgumentException("a hierarchical associative memory needs at least 2 layers (got "
          + (layers == null ? 0 : layers.size()) + ")");
    }
    if (synapses == null || synapses.size() != layers.size() - 1) {
      throw new IllegalArgumentException("a network of " + layers.size() + " layers needs " + (layers.size() - 1)
          + " synapses, one between each pair of neighbours (got " + (synapses == null ? 0 : synapses.size()) + ")");
    }
    for (int a = 0; a < layers.size(); a++) {
      if (layers.get(a) == null) {
        throw new IllegalArgumentException("layer " + a + " is null");
      }
    }
    for (int a = 0; a < synapses.size(); a++) {
      Synapse s = synapses.get(a);
      if (s == null) {
        throw new IllegalArgumentException("synapse " + a + " is null");
      }
      TensorShape below = layers.get(a).shape();
      TensorShape above = layers.get(a + 1).shape();
      if (!s.below().equals(below)) {
        throw new IllegalArgumentException("synapse " + a + " (" + s.describe() + ") takes input of shape " + s.below()
            + ", but layer " + a + " has shape " + below);
      }
      if (!s.above().equals(above)) {
        throw new IllegalArgumentException("synapse " + a + " (" + s.describe() + ") gives output of shape "
            + s.above() + ", but layer " + (a + 1) + " has shape " + above);
      }
    }
    return new HamNetwork(layers.toArray(new HamLayer[0]), synapses.toArray(new Synapse[0]));
  }

  /** Number of layers. */
  public int layers() {
    return layers.length;
  }

  public HamLayer layer(int a) {
    return layers[a];
  }

  /** The synapse between layer {@code a} (below) and {@code a + 1} (above). */
  public Synapse synapse(int a) {
    return synapses[a];
  }

  /** The same wiring with the time constants replaced (one per layer). */
  public HamNetwork withTaus(double... taus) {
    if (taus.length != layers.length) {
      throw new IllegalArgumentException("need one time constant per layer: " + layers.length + " (got " + taus.length
          + ")");
    }
    HamLayer[] l = new HamLayer[layers.length];
    for (int a = 0; a < l.length; a++) {
      l[a] = layers[a].withTau(taus[a]);
    }
    return new HamNetwork(l, synapses);
  }

  /**
   * {@code out = ξ^{(a,a−1)} gBelow + (ξ^{(a+1,a)})ᵀ gAbove}: the input of layer {@code a} from its
   * neighbours' outputs. {@code gBelow} is ignored (may be null) for the bottom layer and
   * {@code gAbove} for the top one. Only {@code out} is modified.
   */
  public void input(int a, double[] gBelow, double[] gAbove, double[] out) {
    if (a > 0 && gBelow == null) {
      throw new IllegalArgumentException("layer " + a + " needs the output of layer " + (a - 1));
    }
    if (a + 1 < layers.length && gAbove == null) {
      throw new IllegalArgumentException("layer " + a + " needs the output of layer " + (a + 1));
    }
    Arrays.fill(out, 0, layers[a].size(), 0);
    if (a > 0) {
      synapses[a - 1].forward(gBelow, out);
    }
    if (a + 1 < layers.length) {
      synapses[a].backward(gAbove, out);
    }
  }

  /** The outputs {@code g^A = ∂L^A/∂x^A} of every layer (new arrays). */
  public double[][] activations(double[][] x) {
    requireState(x);
    double[][] g = new double[layers.length][];
    for (int a = 0; a < layers.length; a++) {
      g[a] = new double[layers[a].size()];
      layers[a].lagrangian().activation(x[a], g[a]);
    }
    return g;
  }

  /** The energy of the state {@code x} (one array per layer; not modified). */
  public double energy(double[][] x) {
    return energy(x, activations(x));
  }

  /**
   * {@code E = Σ_A [x^A·g^A − L^A(x^A)] − Σ_A g^{A+1}·ξ^{(A+1,A)} g^A} given the outputs
   * {@code g = activations(x)}; neither argument is modified.
   */
  public double energy(double[][] x, double[][] g) {
    double e = 0;
    for (int a = 0; a < layers.length; a++) {
      e += layers[a].lagrangian().legendre(x[a], g[a]);
    }
    for (int a = 0; a + 1 < layers.length; a++) {
      double[] up = new double[layers[a + 1].size()];
      synapses[a].forward(g[a], up);
      double dot = 0;
      for (int i = 0; i < up.length; i++) {
        dot += up[i] * g[a + 1][i];
      }
      e -= dot;
    }
    return e;
  }

  /** @throws IllegalArgumentException unless {@code x} has one array of the right size per layer */
  void requireState(double[][] x) {
    if (x == null || x.length != layers.length) {
      throw new IllegalArgumentException("a state needs one array per layer: " + layers.length + " (got "
          + (x == null ? "null" : x.length) + ")");
    }
    for (int a = 0; a < layers.length; a++) {
      if (x[a] == null || x[a].length != layers[a].size()) {
        throw new IllegalArgumentException("state of layer " + a + " must have " + layers[a].size() + " units (shape "
            + layers[a].shape() + "; got " + (x[a] == null ? "null" : x[a].length) + ")");
      }
      for (int i = 0; i < x[a].length; i++) {
        if (!Double.isFinite(x[a][i])) {
          throw new IllegalArgumentException("state of layer " + a + ", unit " + i + " must be finite (got " + x[a][i]
              + ")");
        }
      }
    }
  }
}
