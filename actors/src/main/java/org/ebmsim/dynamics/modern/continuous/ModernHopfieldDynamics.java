package org.ebmsim.dynamics.modern.continuous;

import java.util.Arrays;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;

/**
 * Batched float32 updates of a {@link ModernHopfield} network: B queries (rows of a B × N matrix)
 * advanced together by two GEMMs per update,
 * <pre>
 *   Z = β V ξᵀ          (B × p logits)
 *   W = softmax_rows(Z) (in place, with each row's log-sum-exp)
 *   V' = W ξ            (B × N new states)
 * </pre>
 * and the energy of every state read off its logits,
 * {@code E(v) = −β⁻¹ lse(β ξ v) + ½‖v‖² + β⁻¹ log p + ½M²}, so the energy before an update costs no
 * extra product.
 *
 * <p>State: the patterns as a {@link Gemm.FloatOperand}, copied once (into native memory for
 * OpenBLAS), which both products read: the first as ξᵀ, the second as ξ. Every call allocates its
 * own buffers, so one instance may serve several threads. Float32 products carry relative errors of
 * order {@code √N·2⁻²⁴} in the logits; {@link ModernHopfield#energy} evaluates one state in double
 * where that matters.
 */
public final class ModernHopfieldDynamics {
  private final ModernHopfield network;
  private final Gemm gemm;
  private final Gemm.FloatOperand patterns;
  private final int p;
  private final int n;
  /** β as the products use it; energies divide by this same value so that they belong to one network. */
  private final float beta;
  private final double constant;

  /** Dynamics of {@code network} through {@code gemm} (e.g. {@code Gemm.nativeOrFallback(1)}). */
  public ModernHopfieldDynamics(ModernHopfield network, Gemm gemm) {
    this.network = network;
    this.gemm = gemm;
    this.patterns = gemm.operand(network.patternArray());
    this.p = network.patternCount();
    this.n = network.units();
    this.beta = (float) network.inverseTemperature();
    if (!(beta > 0) || !Float.isFinite(beta)) {
      throw new IllegalArgumentException("inverse temperature beta must be a float32 number > 0 for the float32"
          + " update (got " + network.inverseTemperature() + ")");
    }
    this.constant = Math.log(p) / beta + 0.5 * network.maxNormSquared();
  }

  public ModernHopfield network() {
    return network;
  }

  /**
   * One update of every query: new states, the weights that made them (with winner and largest
   * weight per query) and the energies of the queries. Two GEMMs; {@code queries} is not modified.
   *
   * @throws IllegalArgumentException if {@code queries} does not have N columns, holds a non-finite
   *     entry, or is too large for one array of B × p weights
   */
  public Retrieval retrieve(FloatMatrix queries) {
    int rows = checkQueries(queries);
    float[] z = new float[weightsLength(rows)];
    double[] lse = new double[rows];
    int[] winner = new int[rows];
    float[] maxWeight = new float[rows];
    logits(queries.data(), rows, z);
    RowSoftmax.apply(z, rows, p, lse, winner, maxWeight, 0);
    double[] energy = new double[rows];
    for (int r = 0; r < rows; r++) {
      energy[r] = energy(lse[r], queries.data(), r);
    }
    float[] states = new float[rows * n];
    combine(z, rows, states);
    return new Retrieval(FloatMatrix.wrap(rows, n, states), FloatMatrix.wrap(rows, p, z), winner, maxWeight, energy);
  }

  /**
   * {@link #retrieve} plus the energy of each updated state (a third GEMM), so that the caller sees
   * the energy on both sides of the update.
   *
   * @throws IllegalArgumentException as {@link #retrieve}
   */
  public Update update(FloatMatrix queries) {
    Retrieval retrieval = retrieve(queries);
    return new Update(retrieval, energies(retrieval.states()));
  }

  /**
   * {@code E(v)} of every row of {@code states} through one float32 GEMM (log-sum-exp and ‖v‖² in double).
   *
   * @throws IllegalArgumentException as {@link #retrieve}
   */
  public double[] energies(FloatMatrix states) {
    int rows = checkQueries(states);
    float[] z = new float[weightsLength(rows)];
    double[] lse = new double[rows];
    logits(states.data(), rows, z);
    RowSoftmax.apply(z, rows, p, lse, new int[rows], new float[rows], 0);
    double[] energy = new double[rows];
    for (int r = 0; r < rows; r++) {
      energy[r] = energy(lse[r], states.data(), r);
    }
    return energy;
  }

  /**
   * Iterates the update from {@code queries} until each query's state moves by at most
   * {@code tolerance} in one update ({@code max_i |v'_i − v_i| ≤ tolerance}) or has had
   * {@code maxIterations} updates. Converged queries leave the batch, so later iterations multiply
   * only the active rows. Each iteration costs two GEMMs: the logits of the new states give both
   * their energies and the next update's weights.
   *
   * @throws IllegalArgumentException as {@link #retrieve}, or if {@code tolerance} is negative or not
   *     finite, or {@code maxIterations < 1}
   */
  public FixedPoint iterate(FloatMatrix queries, double tolerance, int maxIterations) {
    if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be a finite number >= 0 (got " + tolerance + ")");
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1 (got " + maxIterations + ")");
    }
    int rows = checkQueries(queries);
    float[] outStates = new float[rows * n];
    float[] outWeights = new float[weightsLength(rows)];
    int[] winner = new int[rows];
    float[] maxWeight = new float[rows];
    int[] iterations = new int[rows];
    boolean[] converged = new boolean[rows];
    double[][] trace = new double[rows][];

    // active rows, compacted to the front of every work buffer; query[r] is the original index of row r
    int active = rows;
    int[] query = new int[rows];
    Arrays.setAll(query, r -> r);
    float[] current = queries.data().clone();
    float[] next = new float[rows * n];
    float[] z = new float[weightsLength(rows)];
    double[] lse = new double[rows];
    int[] win = new int[rows];
    float[] top = new float[rows];
    float[] moved = new float[rows];
    double[][] energies = new double[rows][Math.min(maxIterations, 15) + 1]; // grown on demand

    logits(current, active, z);
    RowSoftmax.apply(z, active, p, lse, win, top, 0);
    for (int r = 0; r < active; r++) {
      energies[r][0] = energy(lse[r], current, r);
    }
    for (int k = 1; k <= maxIterations && active > 0; k++) {
      combine(z, active, next);
      for (int r = 0; r < active; r++) {
        moved[r] = maxDifference(current, next, r * n);
      }
      float[] swap = current;
      current = next;
      next = swap;
      logits(current, active, z);
      RowSoftmax.apply(z, active, p, lse, win, top, 0);
      int kept = 0;
      for (int r = 0; r < active; r++) {
        if (k == energies[r].length) {
          energies[r] = Arrays.copyOf(energies[r], (int) Math.min(2L * k, maxIterations + 1L));
        }
        energies[r][k] = energy(lse[r], current, r);
        boolean done = moved[r] <= tolerance;
        if (done || k == maxIterations) {
          int q = query[r];
          System.arraycopy(current, r * n, outStates, q * n, n);
          System.arraycopy(z, r * p, outWeights, q * p, p);
          winner[q] = win[r];
          maxWeight[q] = top[r];
          iterations[q] = k;
          converged[q] = done;
          trace[q] = Arrays.copyOf(energies[r], k + 1);
          continue;
        }
        if (kept != r) { // move the row down over retired ones; kept < r, so nothing unread is overwritten
          System.arraycopy(current, r * n, current, kept * n, n);
          System.arraycopy(z, r * p, z, kept * p, p);
          double[] e = energies[kept];
          energies[kept] = energies[r];
          energies[r] = e;
          query[kept] = query[r];
        }
        kept++;
      }
      active = kept;
    }
    return new FixedPoint(FloatMatrix.wrap(rows, n, outStates), FloatMatrix.wrap(rows, p, outWeights), winner,
        maxWeight, iterations, converged, trace);
  }

  /** {@code out[0 .. rows·p) = β · V ξᵀ} for the first {@code rows} rows of {@code v}. */
  private void logits(float[] v, int rows, float[] out) {
    gemm.sgemm(false, true, rows, p, n, beta, v, n, patterns, n, 0f, out, p);
  }

  /** {@code out[0 .. rows·N) = W ξ} for the first {@code rows} rows of the weights {@code w}. */
  private void combine(float[] w, int rows, float[] out) {
    gemm.sgemm(false, false, rows, n, p, 1f, w, p, patterns, n, 0f, out, n);
  }

  /** {@code E = −lse/β + ½‖v‖² + β⁻¹ log p + ½M²} for row {@code r} of {@code v}. */
  private double energy(double lse, float[] v, int r) {
    double squared = 0;
    int o = r * n;
    for (int i = 0; i < n; i++) {
      double x = v[o + i];
      squared += x * x;
    }
    return -lse / beta + 0.5 * squared + constant;
  }

  /** {@code max_i |a[o+i] − b[o+i]|} over one row of N. */
  private float maxDifference(float[] a, float[] b, int o) {
    float max = 0f;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Math.abs(a[o + i] - b[o + i]));
    }
    return max;
  }

  private int checkQueries(FloatMatrix queries) {
    if (queries.cols() != n) {
      throw new IllegalArgumentException("queries must have N = " + n + " columns like the patterns (got "
          + queries.cols() + ")");
    }
    float[] d = queries.data();
    for (int k = 0; k < d.length; k++) {
      if (!Float.isFinite(d[k])) {
        throw new IllegalArgumentException("queries[" + k / n + "][" + k % n + "] must be finite (got " + d[k] + ")");
      }
    }
    return queries.rows();
  }

  private int weightsLength(int rows) {
    long length = (long) rows * p;
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a batch of " + rows + " queries against " + p + " patterns needs "
          + length + " weights, more than one array holds; split the batch into at most "
          + ((Integer.MAX_VALUE - 8) / p) + " queries");
    }
    return (int) length;
  }
}
