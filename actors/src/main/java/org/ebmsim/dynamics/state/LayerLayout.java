package org.ebmsim.dynamics.state;

import java.util.List;

/** The layers of a model's state, in order; the first is the visible layer. Immutable. */
public record LayerLayout(List<LayerShape> layers) {
  public LayerLayout {
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a model has at least one layer");
    }
    if (!layers.get(0).visible()) {
      throw new IllegalArgumentException("the first layer must be the visible one");
    }
    for (int l = 0; l < layers.size(); l++) {
      for (int k = 0; k < l; k++) {
        if (layers.get(k).name().equals(layers.get(l).name())) {
          throw new IllegalArgumentException("layer names must be unique (" + layers.get(l).name() + " twice)");
        }
      }
      if (l > 0 && layers.get(l).visible()) {
        throw new IllegalArgumentException("only the first layer may be visible");
      }
    }
  }

  public static LayerLayout of(LayerShape... layers) {
    return new LayerLayout(List.of(layers));
  }

  public int size() {
    return layers.size();
  }

  public LayerShape layer(int l) {
    return layers.get(l);
  }

  public LayerShape visible() {
    return layers.get(0);
  }

  /** Units over all layers. */
  public int totalUnits() {
    int n = 0;
    for (LayerShape s : layers) {
      n += s.units();
    }
    return n;
  }

  /** Index of the layer named {@code name} (empty: the visible layer), or -1. */
  public int indexOf(String name) {
    if (name == null || name.isEmpty()) {
      return 0;
    }
    for (int l = 0; l < layers.size(); l++) {
      if (layers.get(l).name().equals(name)) {
        return l;
      }
    }
    return -1;
  }
}
