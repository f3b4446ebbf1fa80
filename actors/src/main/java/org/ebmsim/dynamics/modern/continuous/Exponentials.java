package org.ebmsim.dynamics.modern.continuous;

/**
 * The exponential pass of {@link RowSoftmax}, {@code z[k] ← exp(z[k] − shift)} with
 * {@link org.ebmsim.dynamics.simd.FloatExp#exp}'s bits, in two implementations chosen once per JVM
 * by {@link #get()}: SIMD lanes ({@code VectorExponentials}) when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} on 256-bit or wider vectors, else one element at a time
 * ({@link ScalarExponentials}, the definition). Both give the same bits, so the choice changes speed
 * only. The project's element-wise SIMD kernels ({@code org.ebmsim.dynamics.simd}) have no plain
 * exponential; this is the softmax's own, following them.
 */
interface Exponentials {

  /** {@code z[k] ← FloatExp.exp(z[k] − shift)} for k in [from, to). */
  void shiftedExp(float[] z, int from, int to, float shift);

  /** The implementation in use. */
  static Exponentials get() {
    return Selection.SELECTED;
  }

  /** True if the SIMD implementation is in use. */
  static boolean vectorized() {
    return !(Selection.SELECTED instanceof ScalarExponentials);
  }

  /** Holder, so that the choice is made once, on first use. */
  final class Selection {
    private Selection() {}

    static final Exponentials SELECTED = select();

    private static Exponentials select() {
      if (!Boolean.parseBoolean(System.getProperty("ebmsim.simd", "true"))
          || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return new ScalarExponentials();
      }
      try {
        // by name, so that a JVM without the module never links a class that refers to it
        Class<?> vector = Class.forName("org.ebmsim.dynamics.modern.continuous.VectorExponentials");
        if ((Boolean) vector.getDeclaredMethod("worthwhile").invoke(null)) {
          return (Exponentials) vector.getDeclaredConstructor().newInstance();
        }
      } catch (ReflectiveOperationException | LinkageError e) {
        // fall through: the scalar definition gives the same bits, only slower
      }
      return new ScalarExponentials();
    }
  }
}
