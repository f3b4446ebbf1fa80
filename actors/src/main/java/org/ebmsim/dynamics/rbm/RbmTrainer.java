package org.ebmsim.dynamics.rbm;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.simd.Kernels;
import org.ebmsim.dynamics.train.MomentumSgd;
import org.ebmsim.dynamics.train.StatefulTrainer;
import org.ebmsim.errors.FailedPreconditionException;

/**
 * Maximum-likelihood training of an RBM of any variant by contrastive divergence (CD-k: negative
 * chains start at the batch) or persistent contrastive divergence (PCD-k: negative chains persist
 * across updates), on mini-batches, with momentum and weight decay ({@link MomentumSgd}).
 *
 * <p>Per update, with the variant's factors of {@link RbmTrainingRule} (hidden mean m, visible
 * scale a, gradient scale g): {@code ΔW ∝ g(Vᵀ M / B − V_cᵀ M_c / C)∘a}, one float32 GEMM per phase,
 * where V, M are the batch and its hidden means and V_c, M_c the negative chains' visible states and
 * hidden means after k block-Gibbs steps. Fields are products with W through {@link Gemm}; the
 * element-wise loops fuse the conditional with its draw.
 *
 * <p>Precision: W, b, c, their velocities and the chains are float32 (the products run in sgemm,
 * and a step of rate·gradient is far above float32's relative 6e-8 for any useful rate);
 * pseudo-log-likelihood, norms and the snapshot's parameters are float64.
 *
 * <p>Determinism: all randomness of an update comes from the random stream it is given, drawn in a
 * fixed order (chains before data, rows in order, units in order); the persistent chains start
 * from {@code seed}. {@link #writeState}/{@link #readState} carry parameters, velocities and chains
 * bit for bit. Single-threaded; scratch buffers are kept between updates.
 */
public final class RbmTrainer implements StatefulTrainer {
  /** How negative chains start. */
  public enum NegativePhase {
    /** CD-k: at the batch. */
    CONTRASTIVE,
    /** PCD-k: where the previous update left them. */
    PERSISTENT
  }

  /**
   * How well the model fits some rows.
   *
   * @param reconstructionError mean squared difference per unit between a row and its mean-field
   *     reconstruction (v → E[h|v] → E[v|h])
   * @param pseudoLogLikelihood mean over rows of {@code Σ_i log p(v_i | v_−i)} (NaN for real units)
   * @param weightNorm Frobenius norm of W
   */
  public record Metrics(double reconstructionError, double pseudoLogLikelihood, double weightNorm) {}

  private static final int STATE_MAGIC = 0x52424d54; // "RBMT"
  private static final int STATE_VERSION = 1;
  /** Rows evaluated per GEMM (bounds the scratch of {@link #evaluate}). */
  private static final int EVALUATION_BLOCK = 256;

  private final RbmTrainingRule rule;
  private final int n;
  private final int p;
  private final NegativePhase phase;
  private final int gibbsSteps;
  private final int persistentChains;
  private final float momentum;
  private final float weightDecay;
  private final long seed;
  private final Gemm gemm;
  private final float[] scale; // a, or null for a = 1
  private final float gradientScale;

  private float[] w;
  /** Where the next weights and velocities are written before they replace the current ones. */
  private float[] nextW;
  private float[] nextVelocityW;
  private final float[] b;
  private final float[] c;
  private float[] velocityW;
  private final float[] velocityB;
  private final float[] velocityC;
  private final float[] gradW;
  private final float[] gradB;
  private final float[] gradC;

  // Rows of the negative chains (0 .. chains) followed by the batch's rows, so that one GEMM
  // gives the weight gradient and, for PCD, one GEMM the fields of chains and batch together.
  private int chains;
  private float[] visibleRows = new float[0]; // (chains + batch) × N
  private float[] meanRows = new float[0]; // (chains + batch) × p: hidden means
  private float[] fieldRows = new float[0]; // (chains + batch) × p: (a∘v)·W
  private float[] chainHidden = new float[0]; // chains × p: hidden draws (PCD keeps them)
  private float[] chainBack = new float[0]; // chains × N: h·Wᵀ
  private float[] scaled = new float[0];

  /**
   * A trainer starting from {@code initial}'s parameters (zero velocities).
   *
   * @param gibbsSteps k, ≥ 1
   * @param persistentChains PCD: number of persistent chains, or 0 for the size of the first batch
   * @param momentum in [0, 1)
   * @param weightDecay L2 coefficient on W, ≥ 0
   * @param seed the persistent chains' starting states
   * @throws IllegalArgumentException naming the setting out of range
   */
  public RbmTrainer(Rbm initial, NegativePhase phase, int gibbsSteps, int persistentChains, double momentum,
      double weightDecay, long seed, Gemm gemm) {
    if (phase == null || gemm == null) {
      throw new IllegalArgumentException("phase and gemm are required");
    }
    if (gibbsSteps < 1) {
      throw new IllegalArgumentException("gibbsSteps must be >= 1 (got " + gibbsSteps + ")");
    }
    if (persistentChains < 0) {
      throw new IllegalArgumentException("persistentChains must be >= 0 (got " + persistentChains + ")");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1) (got " + momentum + ")");
    }
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw new IllegalArgumentException("weightDecay must be finite and >= 0 (got " + weightDecay + ")");
    }
    this.rule = initial.trainingRule();
    this.n = initial.visible;
    this.p = initial.hidden;
    this.phase = phase;
    this.gibbsSteps = gibbsSteps;
    this.persistentChains = persistentChains;
    this.momentum = (float) momentum;
    this.weightDecay = (float) weightDecay;
    this.seed = seed;
    this.gemm = gemm;
    this.scale = rule.visibleScale();
    this.gradientScale = (float) rule.gradientScale();
    this.w = initial.weightsF.clone();
    this.b = initial.visibleBiasF.clone();
    this.c = initial.hiddenBiasF.clone();
    this.velocityW = new float[w.length];
    this.velocityB = new float[n];
    this.velocityC = new float[p];
    this.gradW = new float[w.length];
    this.gradB = new float[n];
    this.gradC = new float[p];
  }

  public int visibleUnits() {
    return n;
  }

  public int hiddenUnits() {
    return p;
  }

  /** Persistent chains held (0 for CD, and for PCD before the first update). */
  public int chains() {
    return phase == NegativePhase.PERSISTENT ? chains : 0;
  }

  /**
   * One mini-batch update: rows {@code index[from .. from+count)} of {@code values} (row-major,
   * N columns) are the positive phase.
   *
   * @throws IllegalArgumentException for an empty batch or a rate that is not finite and > 0
   * @throws FailedPreconditionException if the gradient is not finite (training diverged); the
   *     parameters keep their values from before this update
   */
  public void update(float[] values, int[] index, int from, int count, double learningRate, SplittableRandom rng) {
    if (count < 1) {
      throw new IllegalArgumentException("a batch needs at least one row (got " + count + ")");
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be finite and > 0 (got " + learningRate + ")");
    }
    if (phase == NegativePhase.PERSISTENT) {
      startPersistentChains(count);
      ensureRows(chains + count);
      gather(values, index, from, count, visibleRows, chains);
      for (int s = 0; s < gibbsSteps; s++) {
        // the last step's fields include the batch's rows: its positive phase rides on the same GEMM
        gibbsStep(rng, true, s == gibbsSteps - 1 ? chains + count : chains);
      }
      rule.hiddenMeans(fieldRows, chains * p, c, count, p, meanRows, chains * p, null, rng);
    } else {
      chains = count;
      ensureRows(2 * count);
      // the chains start at the batch: one field gives both the positive phase and h ~ p(h | v_data)
      gather(values, index, from, count, visibleRows, 0);
      gather(values, index, from, count, visibleRows, count);
      fields(visibleRows, count, fieldRows);
      rule.hiddenMeans(fieldRows, 0, c, count, p, meanRows, 0, chainHidden, rng);
      System.arraycopy(meanRows, 0, meanRows, count * p, count * p);
      for (int s = 0; s < gibbsSteps; s++) {
        gibbsStep(rng, s < gibbsSteps - 1, chains);
      }
    }
    gradients(count);
    float rate = (float) learningRate;
    if (nextW == null) {
      nextW = new float[w.length];
      nextVelocityW = new float[w.length];
    }
    if (!MomentumSgd.stepInto(w, velocityW, gradW, w.length, rate, momentum, weightDecay, nextW, nextVelocityW)
        || !MomentumSgd.stepStaysFinite(b, velocityB, gradB, n, rate, momentum, 0f)
        || !MomentumSgd.stepStaysFinite(c, velocityC, gradC, p, rate, momentum, 0f)) {
      throw new FailedPreconditionException("RBM training diverged: the update at learning rate " + learningRate
          + " would make parameters non-finite; they keep the values of the previous update; lower the learning rate"
          + " or the momentum");
    }
    float[] t = w;
    w = nextW;
    nextW = t;
    t = velocityW;
    velocityW = nextVelocityW;
    nextVelocityW = t;
    MomentumSgd.step(b, velocityB, gradB, n, rate, momentum, 0f);
    MomentumSgd.step(c, velocityC, gradC, p, rate, momentum, 0f);
  }

  /**
   * v_c ~ p(v | h_c), then the fields of the first {@code fieldRows} rows, the chains' hidden means
   * and (if {@code draw}) h_c ~ p(h | v_c).
   */
  private void gibbsStep(SplittableRandom rng, boolean draw, int rowsWithFields) {
    gemm.sgemm(false, true, chains, n, p, 1f, chainHidden, p, w, p, 0f, chainBack, n);
    rule.sampleVisible(chainBack, b, chains, n, visibleRows, 0, rng);
    fields(visibleRows, rowsWithFields, fieldRows);
    rule.hiddenMeans(fieldRows, 0, c, chains, p, meanRows, 0, draw ? chainHidden : null, rng);
  }

  /** {@code out = (a∘v)·W} for {@code rows} rows of v. */
  private void fields(float[] v, int rows, float[] out) {
    float[] input = v;
    if (scale != null) {
      scaled = grow(scaled, rows * n);
      for (int r = 0; r < rows; r++) {
        int o = r * n;
        for (int i = 0; i < n; i++) {
          scaled[o + i] = v[o + i] * scale[i];
        }
      }
      input = scaled;
    }
    gemm.sgemm(false, false, rows, p, n, 1f, input, n, w, p, 0f, out, p);
  }

  /**
   * The log-likelihood gradient estimate into gradW, gradB, gradC. The hidden means are scaled in
   * place (by −g/C on chain rows, g/B on batch rows) after the bias sums, so that
   * {@code gradW = visibleRowsᵀ · meanRows} is one GEMM over both phases.
   */
  private void gradients(int count) {
    float pos = gradientScale / count;
    float neg = -gradientScale / chains;
    columnSums(visibleRows, 0, chains, n, neg, gradB, false, false);
    columnSums(visibleRows, chains * n, count, n, pos, gradB, true, false);
    columnSums(meanRows, 0, chains, p, neg, gradC, false, true);
    columnSums(meanRows, chains * p, count, p, pos, gradC, true, true);
    int rows = chains + count;
    gemm.sgemm(true, false, n, p, rows, 1f, visibleRows, n, meanRows, p, 0f, gradW, p);
    if (scale != null) {
      for (int i = 0; i < n; i++) {
        float a = scale[i];
        gradB[i] *= a;
        int row = i * p;
        for (int j = 0; j < p; j++) {
          gradW[row + j] *= a;
        }
      }
    }
  }

  /**
   * {@code out[j] (+)= factor·Σ_r x[r][j]} over {@code rows} rows from {@code offset}, summed in
   * double so that large batches do not lose digits; if {@code scaleRows}, each entry is then
   * scaled by {@code factor} in place, in the same pass (its unscaled value is the one summed).
   */
  private void columnSums(float[] x, int offset, int rows, int cols, float factor, float[] out, boolean add,
      boolean scaleRows) {
    if (columnScratch == null || columnScratch.length < cols) {
      columnScratch = new double[cols];
    }
    double[] sum = columnScratch;
    java.util.Arrays.fill(sum, 0, cols, 0.0);
    Kernels.get().addColumns(x, offset, rows, cols, sum, scaleRows ? factor : 1f);
    for (int j = 0; j < cols; j++) {
      float v = (float) (factor * sum[j]);
      out[j] = add ? out[j] + v : v;
    }
  }

  /** Column sums in double, reused between batches. */
  private double[] columnScratch;

  /** PCD: on the first update, {@code persistentChains} (or the batch size) chains from {@link #seed}. */
  private void startPersistentChains(int batch) {
    if (chains > 0) {
      return;
    }
    chains = persistentChains > 0 ? persistentChains : batch;
    ensureRows(chains + batch);
    SplittableRandom start = new SplittableRandom(seed);
    for (int r = 0; r < chains; r++) {
      rule.randomVisible(start, visibleRows, r * n);
    }
    fields(visibleRows, chains, fieldRows);
    rule.hiddenMeans(fieldRows, 0, c, chains, p, meanRows, 0, chainHidden, start);
  }

  /** Room for {@code rows} rows (chains first) and the chains' buffers, keeping the chains' states. */
  private void ensureRows(int rows) {
    visibleRows = grow(visibleRows, rows * n);
    meanRows = grow(meanRows, rows * p);
    fieldRows = grow(fieldRows, rows * p);
    chainHidden = grow(chainHidden, chains * p);
    chainBack = grow(chainBack, chains * n);
  }

  /** The array if it holds {@code size} floats, else a larger copy. */
  private static float[] grow(float[] a, int size) {
    return a.length >= size ? a : java.util.Arrays.copyOf(a, size);
  }

  private void gather(float[] values, int[] index, int from, int count, float[] into, int firstRow) {
    for (int r = 0; r < count; r++) {
      System.arraycopy(values, index[from + r] * n, into, (firstRow + r) * n, n);
    }
  }

  /**
   * Reconstruction error, pseudo-log-likelihood and weight norm over rows
   * {@code index[from .. from+count)} (deterministic: no randomness). The pseudo-log-likelihood is
   * exact over every unit: O(N·p) per row.
   */
  public Metrics evaluate(float[] values, int[] index, int from, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("evaluation needs at least one row (got " + count + ")");
    }
    int block = Math.min(count, EVALUATION_BLOCK);
    float[] v = new float[block * n];
    float[] x = new float[block * p];
    float[] m = new float[block * p];
    float[] y = new float[block * n];
    float[] recon = new float[block * n];
    double[] u = new double[p];
    double squared = 0;
    double pll = 0;
    for (int done = 0; done < count; done += block) {
      int rows = Math.min(block, count - done);
      gather(values, index, from + done, rows, v, 0);
      fields(v, rows, x);
      rule.hiddenMeans(x, 0, c, rows, p, m, 0, null, null);
      gemm.sgemm(false, true, rows, n, p, 1f, m, p, w, p, 0f, y, n);
      rule.visibleMeans(y, b, rows, n, recon);
      for (int k = 0; k < rows * n; k++) {
        double d = v[k] - recon[k];
        squared += d * d;
      }
      for (int r = 0; r < rows && !Double.isNaN(pll); r++) {
        for (int j = 0; j < p; j++) {
          u[j] = (double) x[r * p + j] + c[j];
        }
        pll += rule.pseudoLogLikelihood(v, r * n, u, w, b, n, p);
      }
    }
    return new Metrics(squared / ((double) count * n), pll / count, weightNorm());
  }

  /** Frobenius norm of W. */
  public double weightNorm() {
    double s = 0;
    for (float x : w) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  /** The current parameters as a model of the same variant (σ, β unchanged). */
  public Rbm snapshot() {
    return rule.build(n, p, toDouble(w), toDouble(b), toDouble(c));
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int k = 0; k < f.length; k++) {
      d[k] = f[k];
    }
    return d;
  }

  /** Bytes held: parameters, velocities, gradients, chains and scratch. */
  @Override
  public long heapBytes() {
    // W, its velocity and gradient, the next W and velocity (written before they replace them)
    long floats = 5L * w.length + 3L * (n + p) + visibleRows.length + meanRows.length
        + fieldRows.length + chainHidden.length + chainBack.length + scaled.length;
    return 4 * floats + 512;
  }

  /** Writes parameters, velocities and (PCD) the persistent chains, bit for bit. */
  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(STATE_MAGIC);
    out.writeInt(STATE_VERSION);
    out.writeInt(n);
    out.writeInt(p);
    int held = chains();
    out.writeInt(held);
    FloatArrays.write(out, w, w.length);
    FloatArrays.write(out, b, n);
    FloatArrays.write(out, c, p);
    FloatArrays.write(out, velocityW, w.length);
    FloatArrays.write(out, velocityB, n);
    FloatArrays.write(out, velocityC, p);
    FloatArrays.write(out, visibleRows, held * n);
    FloatArrays.write(out, chainHidden, held * p);
  }

  /**
   * Replaces parameters, velocities and chains by what {@link #writeState} wrote from a trainer of
   * the same shape and method.
   *
   * @throws IOException if the bytes are not such a state (nothing is changed then)
   */
  @Override
  public void readState(DataInput in) throws IOException {
    if (in.readInt() != STATE_MAGIC || in.readInt() != STATE_VERSION) {
      throw new IOException("not an RBM trainer state (bad header)");
    }
    int sn = in.readInt();
    int sp = in.readInt();
    int held = in.readInt();
    if (sn != n || sp != p) {
      throw new IOException("state of a " + sn + " x " + sp + " RBM cannot be read into a " + n + " x " + p + " one");
    }
    if (held < 0 || (phase == NegativePhase.CONTRASTIVE && held != 0)
        || (phase == NegativePhase.PERSISTENT && persistentChains > 0 && held != 0 && held != persistentChains)) {
      throw new IOException("state holds " + held + " persistent chains; this " + phase + " trainer expects "
          + (phase == NegativePhase.CONTRASTIVE ? 0 : persistentChains));
    }
    float[] nw = FloatArrays.read(in, w.length);
    float[] nb = FloatArrays.read(in, n);
    float[] nc = FloatArrays.read(in, p);
    float[] nvw = FloatArrays.read(in, w.length);
    float[] nvb = FloatArrays.read(in, n);
    float[] nvc = FloatArrays.read(in, p);
    float[] cv = FloatArrays.read(in, held * n);
    float[] ch = FloatArrays.read(in, held * p);
    System.arraycopy(nw, 0, w, 0, w.length);
    System.arraycopy(nb, 0, b, 0, n);
    System.arraycopy(nc, 0, c, 0, p);
    System.arraycopy(nvw, 0, velocityW, 0, w.length);
    System.arraycopy(nvb, 0, velocityB, 0, n);
    System.arraycopy(nvc, 0, velocityC, 0, p);
    if (phase == NegativePhase.PERSISTENT) {
      if (held == 0) {
        chains = 0;
      } else {
        chains = held;
        ensureRows(held);
        System.arraycopy(cv, 0, visibleRows, 0, held * n);
        System.arraycopy(ch, 0, chainHidden, 0, held * p);
      }
    }
  }
}
