package org.ebmsim.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;

/**
 * A learner for engine tests: a Hopfield network whose couplings follow W += η (⟨x xᵀ⟩_batch +
 * noise − W), with noise drawn from the batch's random stream, so that any change of batch order,
 * rate or randomness shows in the weights. Records the rate of every update it ran.
 */
public final class HebbianTestLearner implements Learner {
  private final int n;
  private double[] w;
  /** Rates of the updates this learner ran, in order (not part of the state: per instance). */
  public final List<Double> rates = new ArrayList<>();

  HebbianTestLearner(int n, double[] w) {
    this.n = n;
    this.w = w.clone();
  }

  /** A Hopfield model of {@code n} units (zero couplings) whose learner is this one. */
  public static Trainable model(int n) {
    return model(n, new double[n * n]);
  }

  static Trainable model(int n, double[] w) {
    return new Trainable(TestEnergyModels.hopfield(IsingModel.of(n, w, new double[n])), n, w);
  }

  /** The model: makes a {@link HebbianTestLearner} from its couplings and keeps every one it made. */
  public static final class Trainable extends DelegatingEnergyModel {
    private final int n;
    private final double[] w;
    public final List<HebbianTestLearner> learners = new java.util.concurrent.CopyOnWriteArrayList<>();

    Trainable(EnergyModel real, int n, double[] w) {
      super(real);
      this.n = n;
      this.w = w;
    }

    @Override
    public Optional<Learner> learner(LearnerSettings settings) {
      HebbianTestLearner l = new HebbianTestLearner(n, w);
      learners.add(l);
      return Optional.of(l);
    }

    /** Its couplings, row-major. */
    public double[] couplings() {
      return w.clone();
    }
  }

  @Override
  public int visibleUnits() {
    return n;
  }

  @Override
  public void update(TrainingData data, int[] index, int from, int count, double rate, SplittableRandom random) {
    rates.add(rate);
    double[] next = w.clone();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double c = 0;
        for (int r = 0; r < count; r++) {
          int row = index[from + r] * n;
          c += data.values()[row + i] * data.values()[row + j];
        }
        double delta = rate * (c / count + 0.01 * random.nextGaussian() - w[i * n + j]);
        next[i * n + j] += delta;
        next[j * n + i] += delta;
      }
    }
    w = next;
  }

  @Override
  public TrainingMetrics evaluate(TrainingData data, int[] index, int from, int count, SplittableRandom random) {
    double norm = 0;
    for (double x : w) {
      norm += x * x;
    }
    return new TrainingMetrics(count, Double.NaN, Map.of("W", Math.sqrt(norm)));
  }

  @Override
  public EnergyModel snapshot() {
    return model(n, w);
  }

  /** The current couplings (a copy). */
  public double[] weights() {
    return w.clone();
  }

  @Override
  public void writeState(DataOutputStream out) throws IOException {
    out.writeInt(w.length);
    for (double x : w) {
      out.writeDouble(x);
    }
  }

  @Override
  public void readState(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len != w.length) {
      throw new IOException("state of " + len + " weights for " + w.length);
    }
    for (int k = 0; k < len; k++) {
      w[k] = in.readDouble();
    }
  }

  @Override
  public long heapBytes() {
    return 16L * w.length;
  }
}
