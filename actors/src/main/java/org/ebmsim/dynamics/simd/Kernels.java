package org.ebmsim.dynamics.simd;

/**
 * Chooses the {@link ElementwiseKernels} once per JVM: {@link VectorKernels} when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (the server launcher, the surefire
 * configuration and the benchmarks do so) on hardware with 256-bit or wider vectors, otherwise
 * {@link ScalarKernels}. System property {@code ebmsim.simd=false} forces the scalar ones. The
 * choice changes speed only: both give the same bits.
 */
public final class Kernels {
  private Kernels() {}

  /** Why the scalar kernels were chosen when the module is present (null otherwise). */
  private static String failure;
  private static final ElementwiseKernels SELECTED = select();

  /** The kernels in use. */
  public static ElementwiseKernels get() {
    return SELECTED;
  }

  /** True if the SIMD kernels are in use. */
  public static boolean vectorized() {
    return !(SELECTED instanceof ScalarKernels);
  }

  /** One line for the server's start-up log. */
  public static String describe() {
    if (vectorized()) {
      return VectorKernels.describe();
    }
    return failure != null ? "scalar (" + failure + ")"
        : "scalar (start the JVM with --add-modules jdk.incubator.vector for SIMD lanes)";
  }

  private static ElementwiseKernels select() {
    if (!Boolean.parseBoolean(System.getProperty("ebmsim.simd", "true"))) {
      failure = "ebmsim.simd=false";
      return new ScalarKernels();
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return new ScalarKernels();
    }
    try {
      // by name, so that a JVM without the module never links a class that refers to it
      Class<?> vector = Class.forName("org.ebmsim.dynamics.simd.VectorKernels");
      if ((Boolean) vector.getDeclaredMethod("worthwhile").invoke(null)) {
        return (ElementwiseKernels) vector.getDeclaredConstructor().newInstance();
      }
      failure = "vectors narrower than 256 bits";
    } catch (ReflectiveOperationException | LinkageError e) {
      failure = "SIMD kernels failed to load: " + e;
    }
    return new ScalarKernels();
  }
}
