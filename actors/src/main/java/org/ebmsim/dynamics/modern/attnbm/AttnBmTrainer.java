package org.ebmsim.dynamics.modern.attnbm;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.train.MomentumSgd;
import org.ebmsim.dynamics.train.StatefulTrainer;

/**
 * Mini-batch gradient descent with momentum on an {@link AttnBmLoss}: holds the current model and
 * the velocities of ξ, b and c. Call {@link #epoch} (shuffled mini-batches) or {@link #step} (one
 * batch) repeatedly; {@link #model} is the result so far. Weight decay applies to ξ only (biases
 * are not penalized, as in the RBM trainers). With {@code learnBiases} false, b and c stay as
 * given (the paper's bias-free model stays bias-free).
 *
 * <p>Deterministic: the same data, settings and rng state give bit-identical models.
 */
public final class AttnBmTrainer implements StatefulTrainer {
  private final AttnBmLoss loss;
  private final double rate;
  private final double momentum;
  private final double decay;
  private final int batchSize;
  private final boolean learnBiases;
  private AttnBm model;
  private final double[] velocityXi;
  private final double[] velocityB;
  private final double[] velocityC;

  /**
   * @param rate learning rate &gt; 0
   * @param momentum in [0, 1)
   * @param decay L2 coefficient on ξ, ≥ 0
   * @param batchSize rows per mini-batch, ≥ 1
   */
  public AttnBmTrainer(AttnBm initial, AttnBmLoss loss, double rate, double momentum, double decay, int batchSize,
      boolean learnBiases) {
    if (initial == null || loss == null) {
      throw new IllegalArgumentException("initial model and loss must not be null");
    }
    MomentumSgd.check(rate, momentum, decay);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1 (got " + batchSize + ")");
    }
    this.model = initial;
    this.loss = loss;
    this.rate = rate;
    this.momentum = momentum;
    this.decay = decay;
    this.batchSize = batchSize;
    this.learnBiases = learnBiases;
    this.velocityXi = new double[initial.hiddenUnits() * initial.visibleUnits()];
    this.velocityB = new double[initial.visibleUnits()];
    this.velocityC = new double[initial.hiddenUnits()];
  }

  public AttnBm model() {
    return model;
  }

  /**
   * One update from one batch: {@code velocity ← momentum·velocity − rate·(∇ + decay·ξ)},
   * {@code param ← param + velocity}. Returns the objective at the parameters before the step.
   *
   * @throws IllegalArgumentException if the step would leave a parameter non-finite (the model
   *     and velocities are then left as they were)
   */
  public AttnBmObjective step(double[] batch, int count, SplittableRandom rng) {
    return step(batch, count, rate, rng);
  }

  /**
   * As {@link #step(double[], int, SplittableRandom)} at learning rate {@code rate} instead of the
   * trainer's own (a training session's schedule changes it between batches).
   */
  public AttnBmObjective step(double[] batch, int count, double rate, SplittableRandom rng) {
    MomentumSgd.check(rate, momentum, decay);
    AttnBmObjective o = loss.evaluate(model, batch, count, rng);
    double[] xi = model.patterns();
    double[] b = model.visibleBias();
    double[] c = model.hiddenBias();
    double[] vXi = velocityXi.clone();
    double[] vB = velocityB.clone();
    double[] vC = velocityC.clone();
    // MomentumSgd ascends its gradient: hand it −∇
    MomentumSgd.step(xi, vXi, negated(o.patterns()), xi.length, rate, momentum, decay);
    if (learnBiases) {
      MomentumSgd.step(b, vB, negated(o.visibleBias()), b.length, rate, momentum, 0);
      MomentumSgd.step(c, vC, negated(o.hiddenBias()), c.length, rate, momentum, 0);
    }
    try {
      model = model.withParameters(xi, b, c);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("training diverged (objective " + o.value() + "): " + e.getMessage()
          + "; lower the learning rate", e);
    }
    System.arraycopy(vXi, 0, velocityXi, 0, vXi.length);
    System.arraycopy(vB, 0, velocityB, 0, vB.length);
    System.arraycopy(vC, 0, velocityC, 0, vC.length);
    return o;
  }

  /**
   * One pass over {@code rows} rows of {@code data} (rows × N) in an order shuffled by {@code rng},
   * in batches of {@code batchSize} (the last may be smaller). Returns the mean of the batch
   * objectives (each taken before its step).
   */
  public double epoch(double[] data, int rows, SplittableRandom rng) {
    int n = model.visibleUnits();
    AttnBm.checkRows("data", data, rows, n);
    int[] order = new int[rows];
    for (int r = 0; r < rows; r++) {
      order[r] = r;
    }
    for (int r = rows - 1; r > 0; r--) {
      int j = rng.nextInt(r + 1);
      int t = order[r];
      order[r] = order[j];
      order[j] = t;
    }
    double sum = 0;
    int batches = 0;
    double[] batch = new double[Math.min(batchSize, rows) * n];
    for (int start = 0; start < rows; start += batchSize) {
      int count = Math.min(batchSize, rows - start);
      double[] b = count * n == batch.length ? batch : new double[count * n];
      for (int r = 0; r < count; r++) {
        System.arraycopy(data, order[start + r] * n, b, r * n, n);
      }
      sum += step(b, count, rng).value();
      batches++;
    }
    return sum / batches;
  }

  /** Writes β, the shape, ξ, b, c and the three velocities. */
  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeDouble(model.inverseTemperature());
    out.writeInt(model.visibleUnits());
    out.writeInt(model.hiddenUnits());
    for (double[] a : new double[][] {model.patterns(), model.visibleBias(), model.hiddenBias(), velocityXi,
        velocityB, velocityC}) {
      for (double x : a) {
        out.writeDouble(x);
      }
    }
  }

  /** Restores what {@link #writeState} wrote from a trainer of the same β and shape. */
  @Override
  public void readState(DataInput in) throws IOException {
    double beta = in.readDouble();
    int n = in.readInt();
    int p = in.readInt();
    if (beta != model.inverseTemperature() || n != model.visibleUnits() || p != model.hiddenUnits()) {
      throw new IOException("the state is of an AttnBM with β = " + beta + ", " + n + " visible units and " + p
          + " patterns; this trainer's model has β = " + model.inverseTemperature() + ", " + model.visibleUnits()
          + " and " + model.hiddenUnits());
    }
    double[] xi = read(in, p * n);
    double[] b = read(in, n);
    double[] c = read(in, p);
    double[] vXi = read(in, p * n);
    double[] vB = read(in, n);
    double[] vC = read(in, p);
    try {
      model = model.withParameters(xi, b, c);
    } catch (IllegalArgumentException e) {
      throw new IOException("the state holds invalid parameters: " + e.getMessage(), e);
    }
    System.arraycopy(vXi, 0, velocityXi, 0, vXi.length);
    System.arraycopy(vB, 0, velocityB, 0, vB.length);
    System.arraycopy(vC, 0, velocityC, 0, vC.length);
  }

  private static double[] read(DataInput in, int length) throws IOException {
    double[] a = new double[length];
    for (int k = 0; k < length; k++) {
      a[k] = in.readDouble();
    }
    return a;
  }

  /** Parameters and velocities (two copies of each), plus the batch's gradient of the same size. */
  @Override
  public long heapBytes() {
    long params = (long) model.hiddenUnits() * model.visibleUnits() + model.hiddenUnits() + model.visibleUnits();
    return 8 * 4 * params + 256;
  }

  private static double[] negated(double[] g) {
    double[] out = new double[g.length];
    for (int j = 0; j < g.length; j++) {
      out[j] = -g[j];
    }
    return out;
  }
}
