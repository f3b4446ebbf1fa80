package org.ebmsim.dynamics.state;

/**
 * One layer of a model: its name, size and value type.
 *
 * @param levels CATEGORICAL: values per unit (2 … 127, so a value fits a byte); 0 for other types
 * @param visible whether this is the visible layer (the one cues, patterns and data refer to)
 * @param maxAbs REAL: the largest magnitude a value given by a client (a cue, data, a clamp) may
 *     have, at most float32's largest; a model whose float32 fields would overflow for larger
 *     values sets it lower. Ignored for other types.
 */
public record LayerShape(String name, int units, ValueType type, int levels, boolean visible, double maxAbs) {
  /** A layer whose real values may span float32's range. */
  public LayerShape(String name, int units, ValueType type, int levels, boolean visible) {
    this(name, units, type, levels, visible, Float.MAX_VALUE);
  }

  public LayerShape {
    if (!(maxAbs > 0) || maxAbs > Float.MAX_VALUE) {
      maxAbs = Float.MAX_VALUE;
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("layer name must not be empty");
    }
    if (units < 1) {
      throw new IllegalArgumentException("layer " + name + " must have >= 1 units (got " + units + ")");
    }
    if ((type == ValueType.CATEGORICAL) != (levels >= 2) || levels > 127) {
      throw new IllegalArgumentException("layer " + name + ": levels in [2, 127] exactly for CATEGORICAL units (got "
          + type + " with " + levels + ")");
    }
  }

  /** A non-categorical layer. */
  public static LayerShape of(String name, int units, ValueType type, boolean visible) {
    return new LayerShape(name, units, type, 0, visible);
  }

  /** A non-categorical layer whose client-given real values are at most {@code maxAbs} in magnitude. */
  public static LayerShape of(String name, int units, ValueType type, boolean visible, double maxAbs) {
    return new LayerShape(name, units, type, 0, visible, maxAbs);
  }

  /** True if {@code value} is in this layer's domain (REAL: finite, at most {@link #maxAbs}). */
  public boolean accepts(double value) {
    return switch (type) {
      case SPIN -> value == 1 || value == -1;
      case BINARY -> value == 0 || value == 1;
      case CATEGORICAL -> value >= 0 && value < levels && value == Math.rint(value);
      case REAL -> Double.isFinite(value) && Math.abs(value) <= maxAbs;
    };
  }

  /** Words for the domain, for error messages ("-1 or +1", "0 or 1", ...). */
  public String domain() {
    return switch (type) {
      case SPIN -> "-1 or +1";
      case BINARY -> "0 or 1";
      case CATEGORICAL -> "an integer in [0, " + (levels - 1) + "]";
      case REAL -> maxAbs < Float.MAX_VALUE ? "a finite float of magnitude at most " + maxAbs + " (larger values"
          + " overflow this model's float32 fields)" : "a finite float";
    };
  }
}
