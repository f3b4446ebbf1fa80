package org.ebmsim.dynamics.state;

/**
 * One layer of a model: its name, size and value type.
 *
 * @param levels CATEGORICAL: values per unit (2 … 127, so a value fits a byte); 0 for other types
 * @param visible whether this is the visible layer (the one cues, patterns and data refer to)
 */
public record LayerShape(String name, int units, ValueType type, int levels, boolean visible) {
  public LayerShape {
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

  /** True if {@code value} is in this layer's domain (REAL: finite). */
  public boolean accepts(double value) {
    return switch (type) {
      case SPIN -> value == 1 || value == -1;
      case BINARY -> value == 0 || value == 1;
      case CATEGORICAL -> value >= 0 && value < levels && value == Math.rint(value);
      case REAL -> Double.isFinite(value) && Math.abs(value) <= Float.MAX_VALUE;
    };
  }

  /** Words for the domain, for error messages ("-1 or +1", "0 or 1", ...). */
  public String domain() {
    return switch (type) {
      case SPIN -> "-1 or +1";
      case BINARY -> "0 or 1";
      case CATEGORICAL -> "an integer in [0, " + (levels - 1) + "]";
      case REAL -> "a finite float";
    };
  }
}
