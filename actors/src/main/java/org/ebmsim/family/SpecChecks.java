package org.ebmsim.family;

import static org.ebmsim.errors.InvalidRequestException.require;

import java.util.List;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.SpinMatrix;

/**
 * Checks of wire arrays in specs, shared by the families and the services. Every failure names
 * the field and the rule; sizes are checked against limits before anything proportional to them
 * is allocated. Magnitudes are bounded so that energies of accepted models stay finite in float64
 * arithmetic (see {@link #MAX_ABS}).
 */
public final class SpecChecks {
  /**
   * Largest magnitude accepted for a weight, bias or data value. Energies sum up to
   * units² ≈ 1.7e7 products of such numbers, so 1e100 keeps them ~20 orders of magnitude below
   * overflow while no physical model comes near it.
   */
  public static final double MAX_ABS = 1e100;

  private SpecChecks() {}

  /** Row-major values of {@code m}, checked for shape, limits, finiteness and magnitude. */
  public static double[] matrix(Matrix m, String field, long maxRows, long maxCols) {
    shape(m.getRows(), m.getCols(), m.getValuesCount(), field, "values", maxRows, maxCols);
    double[] out = new double[m.getValuesCount()];
    for (int k = 0; k < out.length; k++) {
      double v = m.getValues(k);
      if (!acceptable(v)) { // the message is built on failure only: matrices have millions of entries
        checkValue(v, field + "[" + k / m.getCols() + "][" + k % m.getCols() + "]");
      }
      out[k] = v;
    }
    return out;
  }

  /** ±1 entries of {@code m}, checked for shape and limits. */
  public static byte[] spins(SpinMatrix m, String field, long maxRows, long maxCols) {
    shape(m.getRows(), m.getCols(), m.getSpinsCount(), field, "spins", maxRows, maxCols);
    byte[] out = new byte[m.getSpinsCount()];
    for (int k = 0; k < out.length; k++) {
      int s = m.getSpins(k);
      if (s != 1 && s != -1) { // the message is built on failure only: millions of entries
        throw new InvalidRequestException(field + ".spins[" + k + "] must be -1 or +1 (got " + s + ")");
      }
      out[k] = (byte) s;
    }
    return out;
  }

  /** Rows and columns ≥ 1, within the limits (checked before any allocation), and rows·cols entries. */
  public static void shape(int rows, int cols, int entries, String field, String entriesName, long maxRows,
      long maxCols) {
    require(rows != 0 && cols != 0, field + " must have at least one row and one column (got "
        + Integer.toUnsignedString(rows) + " x " + Integer.toUnsignedString(cols) + ")");
    ResourceLimitException.limit(Integer.toUnsignedLong(rows) <= maxRows && Integer.toUnsignedLong(cols) <= maxCols,
        field + " is " + Integer.toUnsignedString(rows) + " x " + Integer.toUnsignedString(cols)
            + ", above the limit of " + maxRows + " x " + maxCols);
    long expected = Integer.toUnsignedLong(rows) * Integer.toUnsignedLong(cols);
    require(entries == expected, field + "." + entriesName + " must have rows*cols = " + expected
        + " entries (got " + entries + ")");
  }

  /** A vector of exactly {@code length} finite entries, or {@code null} when empty. */
  public static double[] optionalVector(List<Double> values, String field, int length) {
    if (values.isEmpty()) {
      return null;
    }
    require(values.size() == length, field + " must have " + length + " entries (got " + values.size() + ")");
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      double v = values.get(i);
      if (!acceptable(v)) {
        checkValue(v, field + "[" + i + "]");
      }
      out[i] = v;
    }
    return out;
  }

  /** Whether {@link #checkValue} accepts {@code v}; for loops, which build a field name only on failure. */
  public static boolean acceptable(double v) {
    return Double.isFinite(v) && Math.abs(v) <= MAX_ABS;
  }

  /** Finite and at most {@link #MAX_ABS} in magnitude. */
  public static void checkValue(double v, String field) {
    require(Double.isFinite(v), field + " must be finite (got " + v + ")");
    require(Math.abs(v) <= MAX_ABS, field + " must be at most 1e100 in magnitude, so that energies stay finite"
        + " (got " + v + ")");
  }

  /** {@code shape} if unset (0 × 0) or height × width = {@code units}. */
  public static ImageShape imageShape(ImageShape shape, int units, String field) {
    if (shape.getHeight() == 0 && shape.getWidth() == 0) {
      return shape;
    }
    require(Integer.toUnsignedLong(shape.getHeight()) * Integer.toUnsignedLong(shape.getWidth()) == units,
        field + " height x width must equal the " + units + " visible units (got "
            + Integer.toUnsignedString(shape.getHeight()) + " x " + Integer.toUnsignedString(shape.getWidth()) + ")");
    return shape;
  }

  /** Square matrix side, or INVALID_ARGUMENT naming the field. */
  public static int square(Matrix m, String field) {
    require(m.getRows() == m.getCols(), field + " must be square (got " + Integer.toUnsignedString(m.getRows())
        + " x " + Integer.toUnsignedString(m.getCols()) + ")");
    return m.getRows();
  }

  /**
   * Optional ±1 patterns over {@code units} visible units: null when unset.
   */
  public static StoredPatterns patterns(boolean present, SpinMatrix m, String field, int units, int maxPatterns) {
    if (!present) {
      return StoredPatterns.none(units);
    }
    require(m.getCols() == units, field + " must have " + units + " columns, one per visible unit (got "
        + Integer.toUnsignedString(m.getCols()) + ")");
    byte[] values = spins(m, field, maxPatterns, units);
    return new StoredPatterns(m.getRows(), units, values);
  }
}
