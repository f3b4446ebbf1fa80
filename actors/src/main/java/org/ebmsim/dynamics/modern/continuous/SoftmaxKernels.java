package org.ebmsim.dynamics.modern.continuous;

/**
 * The element-wise passes of {@link RowSoftmax} over one row of logits: the maximum, where it first
 * occurs, and {@code z[k] ← exp(z[k] − shift)} with {@link org.ebmsim.dynamics.simd.FloatExp#exp}'s
 * bits. Two implementations, chosen once per JVM by {@link #get()}: SIMD lanes
 * ({@code VectorSoftmaxKernels}) when the JVM runs with {@code --add-modules jdk.incubator.vector}
 * on 256-bit or wider vectors (property {@code ebmsim.simd=false} turns them off, as for the
 * project's other kernels), else one element at a time ({@link ScalarSoftmaxKernels}, the
 * definition). Maximum and search are exact and the exponential is lane-wise the same operations,
 * so both give the same bits: the choice changes speed only. The project's element-wise SIMD
 * kernels ({@code org.ebmsim.dynamics.simd}) have no plain exponential; these follow them.
 */
interface SoftmaxKernels {

  /** {@code max z[k]} over k in [from, to) (from &lt; to), with {@link Math#max}'s rules: NaN if any entry is NaN. */
  float max(float[] z, int from, int to);

  /** The first k in [from, to) with {@code z[k] == value}, or {@code to} if there is none. */
  int indexOf(float[] z, int from, int to, float value);

  /** {@code z[k] ← FloatExp.exp(z[k] − shift)} for k in [from, to). */
  void shiftedExp(float[] z, int from, int to, float shift);

  /** The implementation in use. */
  static SoftmaxKernels get() {
    return Selection.SELECTED;
  }

  /** True if the SIMD implementation is in use. */
  static boolean vectorized() {
    return !(Selection.SELECTED instanceof ScalarSoftmaxKernels);
  }

  /** Holder, so that the choice is made once, on first use. */
  final class Selection {
    private Selection() {}

    static final SoftmaxKernels SELECTED = select();

    private static SoftmaxKernels select() {
      if (!Boolean.parseBoolean(System.getProperty("ebmsim.simd", "true"))
          || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return new ScalarSoftmaxKernels();
      }
      try {
        // by name, so that a JVM without the module never links a class that refers to it
        Class<?> vector = Class.forName("org.ebmsim.dynamics.modern.continuous.VectorSoftmaxKernels");
        if ((Boolean) vector.getDeclaredMethod("worthwhile").invoke(null)) {
          return (SoftmaxKernels) vector.getDeclaredConstructor().newInstance();
        }
      } catch (ReflectiveOperationException | LinkageError e) {
        // fall through: the scalar definition gives the same bits, only slower
      }
      return new ScalarSoftmaxKernels();
    }
  }
}
