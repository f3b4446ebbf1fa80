package org.ebmsim.dynamics.modern.ham;

/**
 * The shape of one layer's state: {@code channels × height × width}, stored flat in channel-major
 * order (index {@code (c · height + i) · width + j}). A dense layer of n units is {@code n × 1 × 1}.
 */
public record TensorShape(int channels, int height, int width) {
  /** @throws IllegalArgumentException unless every dimension is ≥ 1 and the size fits an int */
  public TensorShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("a layer shape needs channels, height and width >= 1 (got " + channels + "x"
          + height + "x" + width + ")");
    }
    if ((long) channels * height * width > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a layer shape " + channels + "x" + height + "x" + width
          + " has more than " + Integer.MAX_VALUE + " units");
    }
  }

  /** A dense layer of {@code units} units ({@code units × 1 × 1}). */
  public static TensorShape dense(int units) {
    return new TensorShape(units, 1, 1);
  }

  /** Units in the layer. */
  public int size() {
    return channels * height * width;
  }

  /** Spatial positions per channel, {@code height · width}. */
  public int positions() {
    return height * width;
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
