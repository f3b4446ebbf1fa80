package org.ebmsim.dynamics.state;

/** What the units of a layer take. */
public enum ValueType {
  /** −1 or +1. */
  SPIN,
  /** 0 or 1. */
  BINARY,
  /** 0 … levels−1 (a Potts unit). */
  CATEGORICAL,
  /** A real number (float32; accumulations in float64). */
  REAL;

  /** True for the two-valued types whose high value is +1 or 1. */
  public boolean twoValued() {
    return this == SPIN || this == BINARY;
  }

  /** The low value of a two-valued type (−1 or 0). */
  public int low() {
    return this == SPIN ? -1 : 0;
  }
}
