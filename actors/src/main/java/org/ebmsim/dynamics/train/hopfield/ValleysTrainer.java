package org.ebmsim.dynamics.train.hopfield;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.rbm.LogSpace;
import org.ebmsim.dynamics.train.MomentumSgd;
import org.ebmsim.dynamics.train.StatefulTrainer;
import org.ebmsim.dynamics.train.SymmetricCouplings;

/**
 * Hopfield training by the "valleys" rule (MATH §1): the batch rows are targets y_p (±1); from
 * each, {@code valleySteps} asynchronous sweeps at T = 0 (random order per sweep, {@code s_i ← +1
 * if h_i > 0 else −1}) give y_d, where the network lands; then
 * {@code W += η (Σ y_p y_pᵀ − Σ y_d y_dᵀ) / batch}, symmetrized with zero diagonal (through the
 * momentum/decay step, which with μ = λ = 0 is exactly this rule). A target that is already a fixed
 * point gives y_d = y_p and no change, so the rule stops once every target is stored; unlike the
 * Hebbian rule it digs a valley at each target whatever the correlations between them. Unlike the
 * perceptron rule it has no convergence guarantee: when one target's y_d is another stored target,
 * updates can cycle (larger η and more valley sweeps make this likelier). The bias is not trained.
 */
public final class ValleysTrainer implements StatefulTrainer {
  private static final int STATE_MAGIC = 0x484f5654; // "HOVT"

  private final int n;
  private final int valleySteps;
  private final double momentum;
  private final double weightDecay;
  private final Gemm gemm;
  private final double[] w;
  private final double[] b;
  private final double[] vw;
  private final float[] wf;
  private final float[] gradW;
  private final double[] symmetric;
  private float[] landed = new float[0];
  private float[] fieldScratch = new float[0];
  private double[] fields = new double[0];
  private final int[] order;

  /** Starts from {@code initial}'s couplings (diagonal zeroed: it plays no part in the dynamics) and bias. */
  public ValleysTrainer(IsingModel initial, int valleySteps, double momentum, double weightDecay, Gemm gemm) {
    if (valleySteps < 1) {
      throw new IllegalArgumentException("valley steps must be >= 1 (got " + valleySteps + ")");
    }
    MomentumSgd.check(1, momentum, weightDecay);
    this.n = initial.units();
    this.valleySteps = valleySteps;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.gemm = gemm;
    this.w = SymmetricCouplings.symmetrized(initial.weights(), n);
    this.b = initial.bias();
    this.vw = new double[n * n];
    this.wf = new float[n * n];
    this.gradW = new float[n * n];
    this.symmetric = new double[n * n];
    this.order = new int[n];
    refreshMirror();
  }

  public int units() {
    return n;
  }

  private void refreshMirror() {
    SymmetricCouplings.mirror(w, wf);
  }

  /** Local fields {@code h = S W + b} of {@code rows} states (W has zero diagonal). */
  private void computeFields(float[] s, int rows) {
    if (fieldScratch.length < rows * n) {
      fieldScratch = new float[rows * n];
      fields = new double[rows * n];
    }
    gemm.sgemm(false, false, rows, n, n, 1f, s, n, wf, n, 0f, fieldScratch, n);
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < n; i++) {
        fields[r * n + i] = fieldScratch[r * n + i] + b[i];
      }
    }
  }

  /** One valleys step on {@code count} ±1 target rows of {@code batch}. */
  public void update(float[] batch, int count, double learningRate, SplittableRandom random) {
    if (count < 1 || batch.length < count * n) {
      throw new IllegalArgumentException("a batch needs >= 1 rows of " + n + " values (got " + count + " rows in "
          + batch.length + " values)");
    }
    MomentumSgd.check(learningRate, momentum, weightDecay);
    if (landed.length < count * n) {
      landed = new float[count * n];
    }
    System.arraycopy(batch, 0, landed, 0, count * n);
    descend(landed, count, random);
    // ±1 products summed with α = ±1 are integers, exact in float32 up to 2^24 rows: a batch of
    // stored targets then gives exactly zero, not round-off that would drift W forever
    gemm.sgemm(true, false, n, n, count, 1f, batch, n, batch, n, 0f, gradW, n);
    gemm.sgemm(true, false, n, n, count, -1f, landed, n, landed, n, 1f, gradW, n);
    SymmetricCouplings.symmetrize(gradW, 0.5 / count, symmetric, n);
    MomentumSgd.step(w, vw, symmetric, w.length, learningRate, momentum, weightDecay);
    refreshMirror();
  }

  /** {@code valleySteps} zero-temperature asynchronous sweeps of every row, in place. */
  private void descend(float[] s, int rows, SplittableRandom random) {
    computeFields(s, rows);
    for (int r = 0; r < rows; r++) {
      int base = r * n;
      for (int sweep = 0; sweep < valleySteps; sweep++) {
        for (int k = 0; k < n; k++) {
          order[k] = k;
        }
        for (int k = n - 1; k > 0; k--) { // Fisher–Yates
          int j = random.nextInt(k + 1);
          int t = order[k];
          order[k] = order[j];
          order[j] = t;
        }
        for (int k = 0; k < n; k++) {
          int i = order[k];
          float next = fields[base + i] > 0 ? 1f : -1f;
          if (next != s[base + i]) {
            s[base + i] = next;
            double delta = 2 * next;
            int row = i * n;
            for (int j = 0; j < n; j++) {
              fields[base + j] += delta * w[row + j];
            }
          }
        }
      }
    }
  }

  /**
   * Mean over rows of {@code Σ_i (s_i − tanh h_i)² / N}: each unit against its conditional mean
   * given the others at T = 1 (a Hopfield network has no hidden layer to reconstruct through).
   */
  public double reconstructionError(float[] rows, int count) {
    computeFields(rows, count);
    double total = 0;
    for (int k = 0; k < count * n; k++) {
      double d = rows[k] - Math.tanh(fields[k]);
      total += d * d;
    }
    return total / ((double) count * n);
  }

  /** Mean over rows of {@code Σ_i log σ(2 s_i h_i)}: exact, there are no hidden units to sum out. */
  public double pseudoLogLikelihood(float[] rows, int count) {
    computeFields(rows, count);
    double total = 0;
    for (int k = 0; k < count * n; k++) {
      total -= LogSpace.softplus(-2 * rows[k] * fields[k]);
    }
    return total / count;
  }

  /**
   * Fraction of the rows that are fixed points of the zero-temperature dynamics: every unit already
   * equals {@code +1 if h_i > 0 else −1} (so h_i = 0 is stable at −1, as the dynamics treats it).
   */
  public double fixedPointFraction(float[] rows, int count) {
    computeFields(rows, count);
    int fixed = 0;
    for (int r = 0; r < count; r++) {
      boolean stable = true;
      for (int i = 0; i < n && stable; i++) {
        stable = rows[r * n + i] == (fields[r * n + i] > 0 ? 1f : -1f);
      }
      fixed += stable ? 1 : 0;
    }
    return (double) fixed / count;
  }

  public double weightNorm() {
    return SymmetricCouplings.norm(w);
  }

  /** The current couplings and bias; throws {@link IllegalArgumentException} if one is not finite. */
  public IsingModel snapshot() {
    return IsingModel.of(n, w, b);
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(STATE_MAGIC);
    out.writeInt(n);
    for (double x : w) {
      out.writeDouble(x);
    }
    for (double x : vw) {
      out.writeDouble(x);
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    if (in.readInt() != STATE_MAGIC) {
      throw new IOException("not the state of a valleys-rule trainer");
    }
    int units = in.readInt();
    if (units != n) {
      throw new IOException("state is of a " + units + "-unit Hopfield network, not " + n);
    }
    double[] readW = new double[n * n];
    double[] readV = new double[n * n];
    for (int k = 0; k < readW.length; k++) {
      readW[k] = in.readDouble();
    }
    for (int k = 0; k < readV.length; k++) {
      readV[k] = in.readDouble();
    }
    System.arraycopy(readW, 0, w, 0, w.length);
    System.arraycopy(readV, 0, vw, 0, vw.length);
    refreshMirror();
  }

  @Override
  public long heapBytes() {
    return 8L * 3 * n * n + 8L * n * n + 4L * landed.length + 12L * fields.length + 8L * n + 256;
  }
}
