package org.ebmsim.dynamics.train.dbm;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.ebmsim.dynamics.dbm.Dbm;
import org.ebmsim.dynamics.state.ValueType;

/**
 * The parameters of a deep Boltzmann machine while it trains: float64 masters (updates of size
 * η·g ≪ θ would be lost to float32 rounding over many steps) with float32 mirrors refreshed after
 * every update for the batch products, and the momentum velocities.
 */
final class DbmParameters {
  final boolean spins;
  final float low;
  final int[] sizes;
  final double[][] w; // w[l]: n_l × n_{l+1}, row-major
  final double[][] b;
  final double[][] vw; // velocities
  final double[][] vb;
  final float[][] wf; // float32 mirrors
  final float[][] bf;

  DbmParameters(Dbm dbm) {
    this.spins = dbm.units() == ValueType.SPIN;
    this.low = spins ? -1f : 0f;
    this.sizes = dbm.sizes();
    int layers = sizes.length;
    w = new double[layers - 1][];
    vw = new double[layers - 1][];
    wf = new float[layers - 1][];
    for (int l = 0; l + 1 < layers; l++) {
      w[l] = dbm.weights(l);
      vw[l] = new double[w[l].length];
      wf[l] = new float[w[l].length];
    }
    b = new double[layers][];
    vb = new double[layers][];
    bf = new float[layers][];
    for (int l = 0; l < layers; l++) {
      b[l] = dbm.bias(l);
      vb[l] = new double[b[l].length];
      bf[l] = new float[b[l].length];
    }
    refreshMirrors();
  }

  int layers() {
    return sizes.length;
  }

  void refreshMirrors() {
    for (int l = 0; l < w.length; l++) {
      for (int k = 0; k < w[l].length; k++) {
        wf[l][k] = (float) w[l][k];
      }
    }
    for (int l = 0; l < b.length; l++) {
      for (int k = 0; k < b[l].length; k++) {
        bf[l][k] = (float) b[l][k];
      }
    }
  }

  /**
   * The current parameters as an immutable model.
   *
   * @throws IllegalArgumentException if training made a parameter non-finite (learning rate too high)
   */
  Dbm toDbm() {
    return Dbm.of(spins ? ValueType.SPIN : ValueType.BINARY, sizes, w, b);
  }

  long parameterCount() {
    long n = 0;
    for (double[] x : w) {
      n += x.length;
    }
    for (double[] x : b) {
      n += x.length;
    }
    return n;
  }

  /** Masters and velocities (float64) plus mirrors (float32). */
  long heapBytes() {
    return 20L * parameterCount() + 64L * sizes.length + 128;
  }

  void write(DataOutput out) throws IOException {
    out.writeBoolean(spins);
    out.writeInt(sizes.length);
    for (int s : sizes) {
      out.writeInt(s);
    }
    for (double[][] group : new double[][][] {w, b, vw, vb}) {
      for (double[] x : group) {
        for (double v : x) {
          out.writeDouble(v);
        }
      }
    }
  }

  /** Reads what {@link #write} wrote for the same shape, or throws without changing anything. */
  void read(DataInput in) throws IOException {
    boolean s = in.readBoolean();
    int layers = in.readInt();
    if (s != spins || layers != sizes.length) {
      throw new IOException("state is of a " + layers + "-layer " + (s ? "spin" : "binary")
          + " deep Boltzmann machine, not of this " + sizes.length + "-layer " + (spins ? "spin" : "binary") + " one");
    }
    for (int l = 0; l < layers; l++) {
      int n = in.readInt();
      if (n != sizes[l]) {
        throw new IOException("state has " + n + " units in layer " + l + ", this model " + sizes[l]);
      }
    }
    double[][][] groups = {copyShape(w), copyShape(b), copyShape(vw), copyShape(vb)};
    for (double[][] group : groups) {
      for (double[] x : group) {
        for (int k = 0; k < x.length; k++) {
          x[k] = in.readDouble();
        }
      }
    }
    double[][][] targets = {w, b, vw, vb};
    for (int g = 0; g < targets.length; g++) {
      for (int l = 0; l < targets[g].length; l++) {
        System.arraycopy(groups[g][l], 0, targets[g][l], 0, targets[g][l].length);
      }
    }
    refreshMirrors();
  }

  private static double[][] copyShape(double[][] x) {
    double[][] out = new double[x.length][];
    for (int l = 0; l < x.length; l++) {
      out[l] = new double[x[l].length];
    }
    return out;
  }
}
