package org.ebmsim.dynamics.train.dbm;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.dbm.Dbm;
import org.ebmsim.dynamics.train.ContrastiveSettings;
import org.ebmsim.dynamics.train.MomentumSgd;
import org.ebmsim.dynamics.train.StatefulTrainer;

/**
 * Maximum-likelihood training of a deep Boltzmann machine by stochastic gradient ascent:
 * {@code ∂ log p(v)/∂W_l = ⟨x_l x_{l+1}ᵀ⟩_data − ⟨x_l x_{l+1}ᵀ⟩_model}, biases likewise.
 *
 * <p>Positive phase: the visible layer is clamped to the batch and the hidden layers are
 * <em>sampled</em> by block Gibbs (even hidden layers start from coin flips, the odd layers are
 * drawn given them, then {@code k} sweeps of even-hidden-given-odd, odd-given-even). We sample
 * rather than use the mean-field posterior because mean field maximizes a variational lower bound
 * whose gradient stays biased however long it runs, while the sampled phase converges to the exact
 * data term as k grows; and for a single hidden layer (an RBM) the hidden layer given v is exact in
 * one draw, so no sweeps are spent there. Negative phase: k sweeps (even layers given odd, then odd
 * given even) from the positive state (CD) or from persistent chains (PCD).
 *
 * <p>Statistics are Rao-Blackwellized: every coupling joins an odd and an even layer, and the odd
 * layers are independent given the even ones, so each product uses the odd layer's conditional
 * means given the final even states — the same expectation with lower variance.
 *
 * <p>All randomness of an update comes from the generator it is given; the persistent chains
 * start from coin flips drawn from {@code seed}. Not thread-safe.
 */
public final class DbmTrainer implements StatefulTrainer {
  private static final int STATE_MAGIC = 0x44424d54; // "DBMT"

  private final DbmParameters p;
  private final ContrastiveSettings settings;
  private final Gemm gemm;
  private final DbmBlockGibbs gibbs;
  private final int layers;
  // scratch, grown to the largest batch seen
  private float[][] pos;
  private float[][] posMeans;
  private float[][] neg;
  private float[][] negMeans;
  private int capacity;
  // PCD: persistent chains (chains × n_l per layer) and their conditional means, or null until the first update
  private float[][] chains;
  private float[][] chainMeans;
  private int chainCount;
  private final float[][] gradW;
  private final float[][] gradB;

  public DbmTrainer(Dbm initial, ContrastiveSettings settings, Gemm gemm) {
    this.p = new DbmParameters(initial);
    this.settings = settings;
    this.gemm = gemm;
    this.gibbs = new DbmBlockGibbs(p, gemm);
    this.layers = p.layers();
    gradW = new float[layers - 1][];
    for (int l = 0; l + 1 < layers; l++) {
      gradW[l] = new float[p.w[l].length];
    }
    gradB = new float[layers][];
    for (int l = 0; l < layers; l++) {
      gradB[l] = new float[p.sizes[l]];
    }
    if (settings.persistent() && settings.persistentChains() > 0) {
      startChains(settings.persistentChains());
    }
  }

  public int visibleUnits() {
    return p.sizes[0];
  }

  /**
   * One gradient step on {@code count} rows of {@code batch} (row-major, visible values: 0/1 or
   * ±1), learning rate {@code learningRate}.
   */
  public void update(float[] batch, int count, double learningRate, SplittableRandom random) {
    if (count < 1 || batch.length < count * p.sizes[0]) {
      throw new IllegalArgumentException("a batch needs >= 1 rows of " + p.sizes[0] + " values (got " + count
          + " rows in " + batch.length + " values)");
    }
    MomentumSgd.check(learningRate, settings.momentum(), settings.weightDecay());
    ensureCapacity(count);
    int k = settings.gibbsSteps();
    System.arraycopy(batch, 0, pos[0], 0, count * p.sizes[0]);
    positivePhase(count, random);
    accumulate(pos, posMeans, count, 1f / count, 0f);
    if (settings.persistent()) {
      if (chains == null) {
        startChains(count);
      }
      sweeps(chains, chainMeans, chainCount, k, random);
      accumulate(chains, chainMeans, chainCount, -1f / chainCount, 1f);
    } else {
      for (int l = 0; l < layers; l++) {
        System.arraycopy(pos[l], 0, neg[l], 0, count * p.sizes[l]);
      }
      sweeps(neg, negMeans, count, k, random);
      accumulate(neg, negMeans, count, -1f / count, 1f);
    }
    for (int l = 0; l + 1 < layers; l++) {
      MomentumSgd.step(p.w[l], p.vw[l], gradW[l], gradW[l].length, learningRate, settings.momentum(),
          settings.weightDecay());
    }
    for (int l = 0; l < layers; l++) {
      MomentumSgd.step(p.b[l], p.vb[l], gradB[l], gradB[l].length, learningRate, settings.momentum(), 0);
    }
    p.refreshMirrors();
  }

  /** Hidden layers given the clamped visible rows of {@code pos[0]}; odd-layer means in {@code posMeans}. */
  private void positivePhase(int count, SplittableRandom random) {
    boolean evenHidden = layers >= 3;
    for (int l = 2; l < layers; l += 2) {
      gibbs.randomize(pos, count, l, random);
    }
    for (int l = 1; l < layers; l += 2) {
      gibbs.sample(pos, count, l, posMeans[l], random);
    }
    if (!evenHidden) {
      return; // an RBM: h given v is exact in one draw
    }
    for (int s = 0; s < settings.gibbsSteps(); s++) {
      for (int l = 2; l < layers; l += 2) {
        gibbs.sample(pos, count, l, null, random);
      }
      for (int l = 1; l < layers; l += 2) {
        gibbs.sample(pos, count, l, posMeans[l], random);
      }
    }
  }

  /** k free sweeps: even layers (visible included) given odd, then odd given even. */
  private void sweeps(float[][] x, float[][] means, int rows, int k, SplittableRandom random) {
    for (int s = 0; s < k; s++) {
      for (int l = 0; l < layers; l += 2) {
        gibbs.sample(x, rows, l, null, random);
      }
      for (int l = 1; l < layers; l += 2) {
        gibbs.sample(x, rows, l, means[l], random);
      }
    }
  }

  /**
   * {@code grad ← scale · (statistics of rows) + keep · grad}: pair products by GEMM with the odd
   * layer of each pair replaced by its conditional means.
   */
  private void accumulate(float[][] x, float[][] means, int rows, float scale, float keep) {
    for (int l = 0; l + 1 < layers; l++) {
      float[] a = (l % 2 == 1) ? means[l] : x[l];
      float[] c = ((l + 1) % 2 == 1) ? means[l + 1] : x[l + 1];
      int n = p.sizes[l];
      int m = p.sizes[l + 1];
      gemm.sgemm(true, false, n, m, rows, scale, a, n, c, m, keep, gradW[l], m);
    }
    for (int l = 0; l < layers; l++) {
      float[] a = (l % 2 == 1) ? means[l] : x[l];
      int n = p.sizes[l];
      float[] g = gradB[l];
      if (keep == 0f) {
        Arrays.fill(g, 0f);
      }
      // column sums in float64, then scaled once: the order of the rows must not matter to round-off much
      for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
          sum += a[r * n + i];
        }
        g[i] += (float) (scale * sum);
      }
    }
  }

  private void startChains(int count) {
    SplittableRandom random = new SplittableRandom(settings.seed());
    chainCount = count;
    chains = new float[layers][];
    chainMeans = new float[layers][];
    for (int l = 0; l < layers; l++) {
      chains[l] = new float[count * p.sizes[l]];
      chainMeans[l] = new float[count * p.sizes[l]];
      gibbs.randomize(chains, count, l, random);
    }
  }

  private void ensureCapacity(int rows) {
    if (rows <= capacity) {
      return;
    }
    pos = new float[layers][];
    posMeans = new float[layers][];
    neg = new float[layers][];
    negMeans = new float[layers][];
    for (int l = 0; l < layers; l++) {
      pos[l] = new float[rows * p.sizes[l]];
      posMeans[l] = new float[rows * p.sizes[l]];
      neg[l] = settings.persistent() ? null : new float[rows * p.sizes[l]];
      negMeans[l] = settings.persistent() ? null : new float[rows * p.sizes[l]];
    }
    capacity = rows;
  }

  /**
   * Mean over rows of {@code Σ_i (v_i − v̂_i)² / n_0}, v̂ the visible means given the first hidden
   * layer's means given v alone (visible → hidden means → visible means; deeper layers do not take part).
   */
  public double reconstructionError(float[] rows, int count) {
    int n0 = p.sizes[0];
    float[][] x = new float[layers][];
    x[0] = Arrays.copyOf(rows, count * n0);
    x[1] = new float[count * p.sizes[1]];
    if (layers > 2) {
      x[2] = new float[count * p.sizes[2]]; // zeros: no field from above
    }
    gibbs.means(x, count, 1, x[1]);
    float[] back = new float[count * n0];
    float[][] y = {back, x[1]};
    float[] f = gibbs.field(y, count, 0);
    double total = 0;
    for (int k = 0; k < count * n0; k++) {
      double mean = p.spins ? Math.tanh(f[k]) : DbmBlockGibbs.sigmoid(f[k]);
      double d = rows[k] - mean;
      total += d * d;
    }
    return total / ((double) count * n0);
  }

  /**
   * Mean over rows of {@code Σ_i log p(v_i | v_−i)}, exact with the hidden layers summed out (see
   * {@link DbmFreeEnergy}), or NaN when that sum is too large to enumerate.
   */
  public double pseudoLogLikelihood(float[] rows, int count) {
    return new DbmFreeEnergy(p.toDbm()).pseudoLogLikelihood(rows, count);
  }

  /** Frobenius norms of W_0 … W_{L−1}. */
  public double[] weightNorms() {
    double[] out = new double[layers - 1];
    for (int l = 0; l + 1 < layers; l++) {
      double s = 0;
      for (double v : p.w[l]) {
        s += v * v;
      }
      out[l] = Math.sqrt(s);
    }
    return out;
  }

  /** The current parameters; throws {@link IllegalArgumentException} if one is no longer finite. */
  public Dbm snapshot() {
    return p.toDbm();
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(STATE_MAGIC);
    p.write(out);
    out.writeInt(chains == null ? 0 : chainCount);
    if (chains != null) {
      for (float[] layer : chains) {
        for (float v : layer) {
          out.writeFloat(v);
        }
      }
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    if (in.readInt() != STATE_MAGIC) {
      throw new IOException("not the state of a deep Boltzmann machine trainer");
    }
    p.read(in);
    int count = in.readInt();
    if (count < 0 || (count > 0 && !settings.persistent())) {
      throw new IOException("state has " + count + " persistent chains, which this " + (settings.persistent()
          ? "PCD" : "CD") + " trainer cannot hold");
    }
    if (count == 0) {
      chains = null;
      chainMeans = null;
      chainCount = 0;
      return;
    }
    float[][] read = new float[layers][];
    for (int l = 0; l < layers; l++) {
      read[l] = new float[count * p.sizes[l]];
      for (int k = 0; k < read[l].length; k++) {
        read[l][k] = in.readFloat();
      }
    }
    chains = read;
    chainMeans = new float[layers][];
    for (int l = 0; l < layers; l++) {
      chainMeans[l] = new float[count * p.sizes[l]];
    }
    chainCount = count;
  }

  @Override
  public long heapBytes() {
    long units = 0;
    for (int s : p.sizes) {
      units += s;
    }
    long scratch = 4L * units * capacity * (settings.persistent() ? 2 : 4);
    long chainBytes = 8L * units * chainCount;
    long grads = 4L * p.parameterCount();
    return p.heapBytes() + gibbs.heapBytes() + scratch + chainBytes + grads + 256;
  }
}
