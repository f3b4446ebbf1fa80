package org.ebmsim.session;

/** A stored model at one parameter version: what chain groups look up in their node's model cache. */
public record ModelRef(String id, long version) {
  public ModelRef {
    if (id == null || id.isEmpty() || version < 1) {
      throw new IllegalArgumentException("a model reference needs an id and a version >= 1");
    }
  }
}
