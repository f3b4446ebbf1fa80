package org.ebmsim.dynamics.train.dbm;

import java.util.Random;
import org.ebmsim.dynamics.dbm.Dbm;

/** Small DBMs for the training tests. */
final class DbmTestModels {
  private DbmTestModels() {}

  /** {@code dbm} with biases drawn from N(0, 0.3²) under {@code seed}. */
  static Dbm withBiases(Dbm dbm, long seed) {
    Random r = new Random(seed);
    double[][] b = new double[dbm.layers()][];
    for (int l = 0; l < dbm.layers(); l++) {
      b[l] = new double[dbm.size(l)];
      for (int i = 0; i < b[l].length; i++) {
        b[l][i] = 0.3 * r.nextGaussian();
      }
    }
    double[][] w = new double[dbm.layers() - 1][];
    for (int l = 0; l + 1 < dbm.layers(); l++) {
      w[l] = dbm.weights(l);
    }
    return Dbm.of(dbm.units(), dbm.sizes(), w, b);
  }
}
