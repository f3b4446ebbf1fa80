package org.ebmsim.load.sparse;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.planted.PlantedLoops;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sparse.PegasusGraph;
import org.ebmsim.dynamics.sparse.SparseCouplings;
import org.ebmsim.dynamics.sparse.SparseGraphs;
import org.ebmsim.dynamics.sparse.SparseNetwork;
import org.ebmsim.dynamics.sparse.SparseSampling;
import org.ebmsim.dynamics.state.ValueType;

/**
 * Time to solution of simulated annealing on planted frustrated-loop instances (Hen et al. 2015)
 * on a periodic 3D (or 2D, {@code --dimensions 2}) lattice, or on the fabric of D-Wave's Pegasus
 * P(m) with {@code --pegasus m} (P(16): 5 640 spins): for each instance and each annealing length S (sweeps, geometric
 * schedule T = 3 → 0.05, integer heat bath, one chain per run), R independent chains; a chain
 * succeeds if it ends at the planted ground energy E₀. With p = successes / R,
 * {@code TTS₉₉ = S · ln(0.01) / ln(1 − p)} sweeps (S when p = 1; ∞ when p = 0), also in seconds
 * from the measured wall time per sweep. One CSV row per (instance, S).
 *
 * <pre>
 * java -cp loadtests/target/benchmarks.jar org.ebmsim.load.sparse.PlantedTtsExperiment \
 *     --side 10 --density 0.5 --instances 5 --chains 32 --sweeps 100,300,1000,3000 --out docs/sparse/tts-1000.csv
 * java -cp loadtests/target/benchmarks.jar org.ebmsim.load.sparse.PlantedTtsExperiment \
 *     --pegasus 16 --density 1 --instances 3 --chains 16 --sweeps 300,1000,3000,10000 --out tts-pegasus16.csv
 * </pre>
 */
public final class PlantedTtsExperiment {
  private PlantedTtsExperiment() {}

  public static void main(String[] args) throws IOException {
    int dimensions = 3;
    int side = 10;
    int pegasus = 0; // P(m) size; 0 = lattice
    double density = 0.5;
    int instances = 5;
    int chains = 32;
    List<Integer> sweeps = List.of(100, 300, 1000, 3000);
    Path out = Path.of("tts.csv");
    for (int k = 0; k < args.length; k += 2) {
      String v = args[k + 1];
      switch (args[k]) {
        case "--dimensions" -> dimensions = Integer.parseInt(v);
        case "--side" -> side = Integer.parseInt(v);
        case "--pegasus" -> pegasus = Integer.parseInt(v);
        case "--density" -> density = Double.parseDouble(v);
        case "--instances" -> instances = Integer.parseInt(v);
        case "--chains" -> chains = Integer.parseInt(v);
        case "--sweeps" -> {
          List<Integer> s = new ArrayList<>();
          for (String t : v.split(",")) {
            s.add(Integer.parseInt(t));
          }
          sweeps = s;
        }
        case "--out" -> out = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[k]);
      }
    }
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      w.println("units,density,instance,ground_energy,sweeps,chains,successes,p_success,tts99_sweeps,"
          + "seconds_per_sweep,tts99_seconds,best_energy");
      for (int inst = 0; inst < instances; inst++) {
        SparseCouplings graph = pegasus > 0 ? PegasusGraph.of(pegasus, true).couplings()
            : SparseGraphs.lattice(dimensions, side);
        PlantedLoops.Neighbours order = pegasus > 0 ? PlantedLoops.graphNeighbours(graph)
            : PlantedLoops.latticeNeighbours(dimensions, side);
        PlantedLoops.SparseInstance p = PlantedLoops.onGraph(graph, order, density, 1000 + inst);
        int n = p.couplings().units();
        SparseSampling sampling = new SparseSampling(new SparseNetwork(p.couplings(), new double[n], ValueType.SPIN,
            n));
        for (int s : sweeps) {
          BatchSampler b = BatchSampler.random(sampling, 77 + inst, 0, chains, SamplerKind.GIBBS, Gemm.javaFallback());
          long t0 = System.nanoTime();
          for (int k = 0; k < s; k++) {
            b.sweep(3.0 * Math.pow(0.05 / 3.0, s == 1 ? 1 : (double) k / (s - 1)));
          }
          double secondsPerSweep = (System.nanoTime() - t0) * 1e-9 / ((double) s * chains);
          int hits = 0;
          double best = Double.POSITIVE_INFINITY;
          for (double e : b.energies()) {
            best = Math.min(best, e);
            hits += Math.abs(e - p.groundEnergy()) < 1e-9 ? 1 : 0;
          }
          double ps = (double) hits / chains;
          double tts = ps >= 1 ? s : ps <= 0 ? Double.POSITIVE_INFINITY : s * Math.log(0.01) / Math.log(1 - ps);
          String row = String.format(Locale.ROOT, "%d,%s,%d,%s,%d,%d,%d,%.4f,%.1f,%.3e,%.3e,%s", n, density, inst,
              p.groundEnergy(), s, chains, hits, ps, tts, secondsPerSweep, tts * secondsPerSweep, best);
          w.println(row);
          w.flush();
          System.out.println(row);
        }
      }
    }
  }
}
