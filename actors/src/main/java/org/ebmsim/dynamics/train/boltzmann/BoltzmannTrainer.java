package org.ebmsim.dynamics.train.boltzmann;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.train.ContrastiveSettings;
import org.ebmsim.dynamics.train.MomentumSgd;
import org.ebmsim.dynamics.train.StatefulTrainer;
import org.ebmsim.dynamics.train.SymmetricCouplings;

/**
 * Learning in a Boltzmann machine with hidden units (MATH §2): ±1 spins, the first V visible,
 * {@code ΔW_ij = η(⟨s_i s_j⟩_clamped − ⟨s_i s_j⟩_free)}, {@code Δb_i = η(⟨s_i⟩_clamped − ⟨s_i⟩_free)}.
 * Clamped phase: v fixed to the batch, hidden units from coin flips, k heat-bath sweeps of the
 * hidden units. Free phase: k sweeps of every unit from the clamped state (CD) or of persistent
 * chains (PCD). Pair statistics are one GEMM per phase ({@code SᵀS}); the gradient is symmetrized
 * and its diagonal zeroed, so W stays exactly symmetric with zero diagonal (a diagonal would only
 * add a constant to every energy; it is zeroed at the start).
 */
public final class BoltzmannTrainer implements StatefulTrainer {
  private static final int STATE_MAGIC = 0x424d5452; // "BMTR"

  private final int n;
  private final int visible;
  private final ContrastiveSettings settings;
  private final Gemm gemm;
  private final HeatBathChains heatBath;
  private final double[] w;
  private final double[] b;
  private final double[] vw;
  private final double[] vb;
  private final float[] wf;
  private final float[] gradW;
  private final double[] gradB;
  private final double[] symmetric;
  private float[] clamped = new float[0];
  private double[] clampedFields = new double[0];
  private float[] free = new float[0];
  private double[] freeFields = new double[0];
  private float[] chains; // PCD, null until the first update
  private double[] chainFields;
  private int chainCount;

  /**
   * @param initial the starting couplings (N × N) and bias
   * @param visible V, the first units, 1 ≤ V < N
   */
  public BoltzmannTrainer(IsingModel initial, int visible, ContrastiveSettings settings, Gemm gemm) {
    this.n = initial.units();
    if (visible < 1 || visible >= n) {
      throw new IllegalArgumentException("visible units must be in [1, " + (n - 1) + "] (got " + visible + ")");
    }
    this.visible = visible;
    this.settings = settings;
    this.gemm = gemm;
    this.heatBath = new HeatBathChains(n, gemm);
    this.w = SymmetricCouplings.symmetrized(initial.weights(), n);
    this.b = initial.bias();
    this.vw = new double[n * n];
    this.vb = new double[n];
    this.wf = new float[n * n];
    this.gradW = new float[n * n];
    this.gradB = new double[n];
    this.symmetric = new double[n * n];
    refreshMirror();
    if (settings.persistent() && settings.persistentChains() > 0) {
      startChains(settings.persistentChains());
    }
  }

  public int visibleUnits() {
    return visible;
  }

  public int units() {
    return n;
  }

  private void refreshMirror() {
    SymmetricCouplings.mirror(w, wf);
  }

  /** One gradient step on {@code count} rows of {@code batch} (row-major, V values ±1 each). */
  public void update(float[] batch, int count, double learningRate, SplittableRandom random) {
    if (count < 1 || batch.length < count * visible) {
      throw new IllegalArgumentException("a batch needs >= 1 rows of " + visible + " values (got " + count
          + " rows in " + batch.length + " values)");
    }
    MomentumSgd.check(learningRate, settings.momentum(), settings.weightDecay());
    int k = settings.gibbsSteps();
    if (clamped.length < count * n) {
      clamped = new float[count * n];
      clampedFields = new double[count * n];
    }
    for (int r = 0; r < count; r++) {
      System.arraycopy(batch, r * visible, clamped, r * n, visible);
      for (int i = visible; i < n; i++) {
        clamped[r * n + i] = random.nextBoolean() ? 1f : -1f;
      }
    }
    heatBath.computeFields(clamped, count, wf, b, clampedFields);
    heatBath.sweep(clamped, clampedFields, count, visible, k, w, random);
    statistics(clamped, count, 1f / count, 0f);
    if (settings.persistent()) {
      if (chains == null) {
        startChains(count);
      }
      heatBath.computeFields(chains, chainCount, wf, b, chainFields);
      heatBath.sweep(chains, chainFields, chainCount, 0, k, w, random);
      statistics(chains, chainCount, -1f / chainCount, 1f);
    } else {
      if (free.length < count * n) {
        free = new float[count * n];
        freeFields = new double[count * n];
      }
      System.arraycopy(clamped, 0, free, 0, count * n);
      System.arraycopy(clampedFields, 0, freeFields, 0, count * n);
      heatBath.sweep(free, freeFields, count, 0, k, w, random);
      statistics(free, count, -1f / count, 1f);
    }
    SymmetricCouplings.symmetrize(gradW, 0.5, symmetric, n);
    MomentumSgd.step(w, vw, symmetric, w.length, learningRate, settings.momentum(), settings.weightDecay());
    MomentumSgd.step(b, vb, gradB, n, learningRate, settings.momentum(), 0);
    refreshMirror();
  }

  /** {@code grad ← scale · (SᵀS, column sums of S) + keep · grad}. */
  private void statistics(float[] s, int rows, float scale, float keep) {
    gemm.sgemm(true, false, n, n, rows, scale, s, n, s, n, keep, gradW, n);
    if (keep == 0f) {
      Arrays.fill(gradB, 0);
    }
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        sum += s[r * n + i];
      }
      gradB[i] += scale * sum;
    }
  }

  private void startChains(int count) {
    SplittableRandom random = new SplittableRandom(settings.seed());
    chainCount = count;
    chains = new float[count * n];
    chainFields = new double[count * n];
    for (int k = 0; k < chains.length; k++) {
      chains[k] = random.nextBoolean() ? 1f : -1f;
    }
  }

  /** The current couplings and bias; throws {@link IllegalArgumentException} if one is not finite. */
  public IsingModel snapshot() {
    return IsingModel.of(n, w, b);
  }

  /** Frobenius norm of W. */
  public double weightNorm() {
    return SymmetricCouplings.norm(w);
  }

  /**
   * One Gibbs round: the hidden units get one heat-bath sweep with v clamped to the row, then
   * every visible unit's conditional mean {@code tanh h_i} given the rest is compared with the row:
   * mean over rows of {@code Σ_i (v_i − tanh h_i)² / V}.
   */
  public double reconstructionError(float[] rows, int count, SplittableRandom random) {
    float[] s = new float[count * n];
    double[] fields = new double[count * n];
    for (int r = 0; r < count; r++) {
      System.arraycopy(rows, r * visible, s, r * n, visible);
      for (int i = visible; i < n; i++) {
        s[r * n + i] = random.nextBoolean() ? 1f : -1f;
      }
    }
    heatBath.computeFields(s, count, wf, b, fields);
    heatBath.sweep(s, fields, count, visible, 1, w, random);
    double total = 0;
    for (int r = 0; r < count; r++) {
      for (int i = 0; i < visible; i++) {
        double d = s[r * n + i] - Math.tanh(fields[r * n + i]);
        total += d * d;
      }
    }
    return total / ((double) count * visible);
  }

  /**
   * Mean over rows of {@code Σ_i log p(v_i | v_−i)} with the hidden units summed out exactly (see
   * {@link BoltzmannFreeEnergy}); NaN when there are too many hidden units to enumerate.
   */
  public double pseudoLogLikelihood(float[] rows, int count) {
    return new BoltzmannFreeEnergy(n, visible, w, b).pseudoLogLikelihood(rows, count);
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(STATE_MAGIC);
    out.writeInt(n);
    out.writeInt(visible);
    for (double[] x : new double[][] {w, b, vw, vb}) {
      for (double v : x) {
        out.writeDouble(v);
      }
    }
    out.writeInt(chains == null ? 0 : chainCount);
    if (chains != null) {
      for (float v : chains) {
        out.writeFloat(v);
      }
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    if (in.readInt() != STATE_MAGIC) {
      throw new IOException("not the state of a Boltzmann machine trainer");
    }
    int units = in.readInt();
    int v = in.readInt();
    if (units != n || v != visible) {
      throw new IOException("state is of a Boltzmann machine with " + units + " units (" + v + " visible), not "
          + n + " (" + visible + " visible)");
    }
    double[][] read = {new double[n * n], new double[n], new double[n * n], new double[n]};
    for (double[] x : read) {
      for (int k = 0; k < x.length; k++) {
        x[k] = in.readDouble();
      }
    }
    int count = in.readInt();
    if (count < 0 || (count > 0 && !settings.persistent())) {
      throw new IOException("state has " + count + " persistent chains, which this " + (settings.persistent()
          ? "PCD" : "CD") + " trainer cannot hold");
    }
    float[] readChains = new float[count * n];
    for (int k = 0; k < readChains.length; k++) {
      readChains[k] = in.readFloat();
    }
    System.arraycopy(read[0], 0, w, 0, w.length);
    System.arraycopy(read[1], 0, b, 0, n);
    System.arraycopy(read[2], 0, vw, 0, vw.length);
    System.arraycopy(read[3], 0, vb, 0, n);
    refreshMirror();
    chainCount = count;
    chains = count == 0 ? null : readChains;
    chainFields = count == 0 ? null : new double[count * n];
  }

  @Override
  public long heapBytes() {
    long params = 8L * (3L * n * n + 3L * n) + 8L * n * n; // masters, velocities, gradient, mirror + float grad
    long scratch = 12L * (clamped.length + free.length) + 12L * chainCount * n;
    return params + scratch + heatBath.heapBytes() + 256;
  }
}
