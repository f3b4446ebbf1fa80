package org.ebmsim.load.sparse;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sparse.CouplingLaw;
import org.ebmsim.dynamics.sparse.SparseCouplings;
import org.ebmsim.dynamics.sparse.SparseGraphs;
import org.ebmsim.dynamics.sparse.SparseNetwork;
import org.ebmsim.dynamics.sparse.SparseSampling;
import org.ebmsim.dynamics.state.ValueType;

/**
 * ns per single-site update of the sparse kernels on a periodic 3D ±J lattice, by the CPU time of
 * the sweeping thread ({@link ThreadMXBean}) as well as the wall clock: on a machine shared with
 * other work the wall clock counts the time the thread waited for a core, the CPU time does not
 * (it still counts what co-runners cost it through shared caches). For each kernel: warm-up
 * sweeps, then {@code --repeats} timed blocks of {@code --sweeps} sweeps; the best and the median
 * block are printed. Kernels: METROPOLIS_MULTISPIN with each of {@code --chains}, and the byte
 * Metropolis kernel (one chain) for comparison.
 *
 * <pre>
 * java -cp loadtests/target/benchmarks.jar org.ebmsim.load.sparse.MultiSpinSpeed --side 64 --chains 64,128 \
 *     --sweeps 10 --repeats 7 --temperature 1.0
 * </pre>
 */
public final class MultiSpinSpeed {
  private MultiSpinSpeed() {}

  public static void main(String[] args) {
    int side = 64;
    int[] chainCounts = {64, 128};
    int sweeps = 10;
    int repeats = 7;
    double temperature = 1.0;
    for (int k = 0; k < args.length; k += 2) {
      String v = args[k + 1];
      switch (args[k]) {
        case "--side" -> side = Integer.parseInt(v);
        case "--chains" -> chainCounts = java.util.Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
        case "--sweeps" -> sweeps = Integer.parseInt(v);
        case "--repeats" -> repeats = Integer.parseInt(v);
        case "--temperature" -> temperature = Double.parseDouble(v);
        default -> throw new IllegalArgumentException("unknown option " + args[k]);
      }
    }
    int n = side * side * side;
    SparseCouplings j = SparseGraphs.withLaw(SparseGraphs.lattice(3, side), CouplingLaw.PLUS_MINUS_ONE, 1);
    SparseSampling sampling = new SparseSampling(new SparseNetwork(j, new double[n], ValueType.SPIN, n));
    System.out.printf(Locale.ROOT, "3D ±J lattice L = %d (N = %d), T = %s, %d sweeps per block, %d blocks%n", side, n,
        temperature, sweeps, repeats);
    for (int chains : chainCounts) {
      measure(sampling, SamplerKind.METROPOLIS_MULTISPIN, chains, n, sweeps, repeats, temperature);
    }
    measure(sampling, SamplerKind.METROPOLIS, 1, n, Math.max(1, sweeps), repeats, temperature);
  }

  private static void measure(SparseSampling sampling, SamplerKind kind, int chains, int n, int sweeps, int repeats,
      double temperature) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    BatchSampler b = BatchSampler.random(sampling, 7, 0, chains, kind, Gemm.javaFallback());
    b.sweep(3 * sweeps, temperature); // warm-up: compiled, and past the first quench
    double[] cpu = new double[repeats];
    double[] wall = new double[repeats];
    long flips = 0;
    for (int r = 0; r < repeats; r++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      for (int s = 0; s < sweeps; s++) {
        flips += b.sweep(temperature);
      }
      double updates = (double) sweeps * chains * n;
      cpu[r] = (mx.getCurrentThreadCpuTime() - c0) / updates;
      wall[r] = (System.nanoTime() - w0) / updates;
    }
    java.util.Arrays.sort(cpu);
    java.util.Arrays.sort(wall);
    System.out.printf(Locale.ROOT, "%-21s chains %4d: CPU ns/update best %.3f median %.3f | wall best %.3f median %.3f"
        + " | acceptance %.3f%n", kind, chains, cpu[0], cpu[repeats / 2], wall[0], wall[repeats / 2],
        flips / ((double) repeats * sweeps * chains * n));
  }
}
