package org.ebmsim.dynamics.modern.ham;

/**
 * Average pooling per channel, a fixed linear map: {@code y[c,i,j] = (1/(kh·kw)) Σ_{a<kh, b<kw}
 * x[c, i·s + a, j·s + b]} (no padding), with feedback by its transpose, which spreads each output
 * evenly back over its window. Max-pooling has no such transpose and no energy, hence not offered.
 * The output size is {@code ⌊(H − kh)/s⌋ + 1} per axis; channels are kept.
 */
public final class AveragePoolSynapse implements Synapse {
  private final TensorShape below;
  private final TensorShape above;
  private final int kh;
  private final int kw;
  private final int stride;
  private final double weight;

  /**
   * @throws IllegalArgumentException if the window is larger than the input, the stride < 1, or
   *     {@code above} is not the pooled shape of {@code below}
   */
  public AveragePoolSynapse(TensorShape below, TensorShape above, int kh, int kw, int stride) {
    if (kh < 1 || kw < 1) {
      throw new IllegalArgumentException("pooling window must be at least 1x1 (got " + kh + "x" + kw + ")");
    }
    if (stride < 1) {
      throw new IllegalArgumentException("pooling stride must be >= 1 (got " + stride + ")");
    }
    if (kh > below.height() || kw > below.width()) {
      throw new IllegalArgumentException("pooling window " + kh + "x" + kw + " is larger than its input "
          + below.height() + "x" + below.width());
    }
    int oh = (below.height() - kh) / stride + 1;
    int ow = (below.width() - kw) / stride + 1;
    if (above.channels() != below.channels() || above.height() != oh || above.width() != ow) {
      throw new IllegalArgumentException("average pooling " + kh + "x" + kw + " stride " + stride + " maps " + below
          + " to " + below.channels() + "x" + oh + "x" + ow + ", but the layer above is " + above);
    }
    this.below = below;
    this.above = above;
    this.kh = kh;
    this.kw = kw;
    this.stride = stride;
    this.weight = 1.0 / (kh * kw);
  }

  @Override
  public TensorShape below() {
    return below;
  }

  @Override
  public TensorShape above() {
    return above;
  }

  @Override
  public String describe() {
    return "average pooling " + kh + "x" + kw + " stride " + stride;
  }

  @Override
  public void forward(double[] gBelow, double[] out) {
    int h = below.height();
    int w = below.width();
    int oh = above.height();
    int ow = above.width();
    for (int c = 0; c < below.channels(); c++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double s = 0;
          for (int a = 0; a < kh; a++) {
            int row = (c * h + i * stride + a) * w + j * stride;
            for (int b = 0; b < kw; b++) {
              s += gBelow[row + b];
            }
          }
          out[(c * oh + i) * ow + j] += weight * s;
        }
      }
    }
  }

  @Override
  public void backward(double[] gAbove, double[] out) {
    int h = below.height();
    int w = below.width();
    int oh = above.height();
    int ow = above.width();
    for (int c = 0; c < below.channels(); c++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double y = weight * gAbove[(c * oh + i) * ow + j];
          for (int a = 0; a < kh; a++) {
            int row = (c * h + i * stride + a) * w + j * stride;
            for (int b = 0; b < kw; b++) {
              out[row + b] += y;
            }
          }
        }
      }
    }
  }
}
