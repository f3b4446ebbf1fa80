package org.ebmsim.dynamics.modern.ham;

/**
 * Locally connected weights shared over positions: a 2-D convolution (cross-correlation, as in
 * machine-learning frameworks) with kernel {@code K[o][c][a][b]} of {@code outChannels × inChannels ×
 * kh × kw}, stride and zero padding; forward
 * {@code y[o,i,j] = Σ_{c,a,b} K[o,c,a,b] x[c, i·s + a − p, j·s + b − p]} (out-of-range x are 0), and
 * feedback by the transposed convolution, which scatters each output back through the same taps.
 * The output size is {@code ⌊(H + 2p − kh)/s⌋ + 1} per axis and must equal the layer above.
 */
public final class ConvSynapse implements Synapse {
  private final TensorShape below;
  private final TensorShape above;
  private final double[] kernel;
  private final int kh;
  private final int kw;
  private final int stride;
  private final int padding;

  /**
   * Validates and copies the kernel.
   *
   * @param kernel {@code above.channels() × below.channels() × kh × kw}, flat in that order, finite
   * @throws IllegalArgumentException if the kernel is larger than its padded input, the stride is
   *     < 1, the padding < 0, the kernel length is wrong or the output shape is not {@code above}
   */
  public ConvSynapse(TensorShape below, TensorShape above, double[] kernel, int kh, int kw, int stride, int padding) {
    if (kh < 1 || kw < 1) {
      throw new IllegalArgumentException("conv kernel must be at least 1x1 (got " + kh + "x" + kw + ")");
    }
    if (stride < 1) {
      throw new IllegalArgumentException("conv stride must be >= 1 (got " + stride + ")");
    }
    if (padding < 0) {
      throw new IllegalArgumentException("conv padding must be >= 0 (got " + padding + ")");
    }
    int ph = below.height() + 2 * padding;
    int pw = below.width() + 2 * padding;
    if (kh > ph || kw > pw) {
      throw new IllegalArgumentException("conv kernel " + kh + "x" + kw + " is larger than its input " + below.height()
          + "x" + below.width() + " padded by " + padding + " (" + ph + "x" + pw + ")");
    }
    int oh = (ph - kh) / stride + 1;
    int ow = (pw - kw) / stride + 1;
    if (above.height() != oh || above.width() != ow) {
      throw new IllegalArgumentException("conv " + kh + "x" + kw + " stride " + stride + " padding " + padding
          + " maps " + below + " to " + above.channels() + "x" + oh + "x" + ow + ", but the layer above is " + above);
    }
    long n = (long) above.channels() * below.channels() * kh * kw;
    if (kernel == null || kernel.length != n) {
      throw new IllegalArgumentException("conv kernel must have " + above.channels() + " x " + below.channels() + " x "
          + kh + " x " + kw + " = " + n + " entries (out channels x in channels x kh x kw; got "
          + (kernel == null ? "null" : kernel.length) + ")");
    }
    for (int k = 0; k < kernel.length; k++) {
      if (!Double.isFinite(kernel[k])) {
        throw new IllegalArgumentException("conv kernel entry " + k + " must be finite (got " + kernel[k] + ")");
      }
    }
    this.below = below;
    this.above = above;
    this.kernel = kernel.clone();
    this.kh = kh;
    this.kw = kw;
    this.stride = stride;
    this.padding = padding;
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
    return "conv " + kh + "x" + kw + " stride " + stride + " padding " + padding;
  }

  @Override
  public void forward(double[] gBelow, double[] out) {
    int cin = below.channels();
    int h = below.height();
    int w = below.width();
    int oh = above.height();
    int ow = above.width();
    for (int o = 0; o < above.channels(); o++) {
      for (int c = 0; c < cin; c++) {
        int kBase = (o * cin + c) * kh * kw;
        int xBase = c * h * w;
        for (int i = 0; i < oh; i++) {
          int outRow = (o * oh + i) * ow;
          for (int a = 0; a < kh; a++) {
            int r = i * stride + a - padding;
            if (r < 0 || r >= h) {
              continue; // a padded row: contributes 0
            }
            int xRow = xBase + r * w;
            int kRow = kBase + a * kw;
            for (int j = 0; j < ow; j++) {
              int col0 = j * stride - padding;
              double s = 0;
              for (int b = 0; b < kw; b++) {
                int col = col0 + b;
                if (col >= 0 && col < w) {
                  s += kernel[kRow + b] * gBelow[xRow + col];
                }
              }
              out[outRow + j] += s;
            }
          }
        }
      }
    }
  }

  @Override
  public void backward(double[] gAbove, double[] out) {
    int cin = below.channels();
    int h = below.height();
    int w = below.width();
    int oh = above.height();
    int ow = above.width();
    // the transpose of forward: every (output, tap, input) product scattered the other way
    for (int o = 0; o < above.channels(); o++) {
      for (int c = 0; c < cin; c++) {
        int kBase = (o * cin + c) * kh * kw;
        int xBase = c * h * w;
        for (int i = 0; i < oh; i++) {
          int yRow = (o * oh + i) * ow;
          for (int a = 0; a < kh; a++) {
            int r = i * stride + a - padding;
            if (r < 0 || r >= h) {
              continue;
            }
            int xRow = xBase + r * w;
            int kRow = kBase + a * kw;
            for (int j = 0; j < ow; j++) {
              double y = gAbove[yRow + j];
              int col0 = j * stride - padding;
              for (int b = 0; b < kw; b++) {
                int col = col0 + b;
                if (col >= 0 && col < w) {
                  out[xRow + col] += kernel[kRow + b] * y;
                }
              }
            }
          }
        }
      }
    }
  }
}
