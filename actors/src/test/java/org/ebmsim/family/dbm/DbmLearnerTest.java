package org.ebmsim.family.dbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.SplittableRandom;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;
import org.ebmsim.proto.v1.Bias;
import org.ebmsim.proto.v1.DbmSpec;
import org.ebmsim.proto.v1.DbmUnits;
import org.ebmsim.proto.v1.Matrix;
import org.junit.jupiter.api.Test;

/** {@link DbmModel#learner}: which methods it offers, checkpoints that resume bit for bit, metrics. */
class DbmLearnerTest {
  static EnergyModel model(DbmUnits units, long seed) {
    Random r = new Random(seed);
    int[] sizes = {8, 5, 3};
    DbmSpec.Builder b = DbmSpec.newBuilder().setUnits(units);
    for (int l = 0; l < 2; l++) {
      Matrix.Builder m = Matrix.newBuilder().setRows(sizes[l]).setCols(sizes[l + 1]);
      for (int k = 0; k < sizes[l] * sizes[l + 1]; k++) {
        m.addValues(0.1 * r.nextGaussian());
      }
      b.addWeights(m);
    }
    for (int s : sizes) {
      Bias.Builder bias = Bias.newBuilder();
      for (int i = 0; i < s; i++) {
        bias.addValues(0.1 * r.nextGaussian());
      }
      b.addBiases(bias);
    }
    return new DbmFamily().create(b.build(), CreateContext.of(1000, 100)).model();
  }

  static TrainingData data(boolean spins, int rows, long seed) {
    Random r = new Random(seed);
    float[] v = new float[rows * 8];
    for (int k = 0; k < v.length; k++) {
      v[k] = r.nextBoolean() ? 1f : spins ? -1f : 0f;
    }
    return new TrainingData(rows, 8, v, null, 0);
  }

  static LearnerSettings settings(LearnerSettings.Method method) {
    return new LearnerSettings(method, 2, 0, 0.5, 1e-3, 3, 7);
  }

  static byte[] state(Learner learner) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      learner.writeState(out);
    }
    return bytes.toByteArray();
  }

  static void train(Learner learner, TrainingData data, int fromBatch, int batches) {
    int[] index = new int[data.rows()];
    for (int i = 0; i < index.length; i++) {
      index[i] = (i * 7) % data.rows(); // a fixed permutation (rows = 20, gcd(7, 20) = 1)
    }
    for (int b = fromBatch; b < fromBatch + batches; b++) {
      int from = (b * 6) % 18;
      learner.update(data, index, from, 6, 0.1, new SplittableRandom(b * 31L + 5));
    }
  }

  @Test
  void restoredLearnerContinuesBitForBit() throws IOException {
    for (DbmUnits units : new DbmUnits[] {DbmUnits.DBM_BINARY, DbmUnits.DBM_SPIN}) {
      for (LearnerSettings.Method method : new LearnerSettings.Method[] {LearnerSettings.Method.CD,
          LearnerSettings.Method.PCD}) {
        EnergyModel start = model(units, 1);
        TrainingData data = data(units == DbmUnits.DBM_SPIN, 20, 2);
        Learner a = start.learner(settings(method)).orElseThrow();
        train(a, data, 0, 4);
        byte[] saved = state(a);
        train(a, data, 4, 5);
        Learner b = start.learner(settings(method)).orElseThrow();
        b.readState(new DataInputStream(new ByteArrayInputStream(saved)));
        train(b, data, 4, 5);
        assertArrayEquals(state(a), state(b), units + " " + method);
        assertEquals(a.snapshot().parameters(), b.snapshot().parameters());
        assertTrue(!a.snapshot().parameters().equals(start.parameters()), "training changed the parameters");
      }
    }
  }

  @Test
  void metricsNameEveryWeightMatrix() {
    EnergyModel start = model(DbmUnits.DBM_BINARY, 1);
    TrainingData data = data(false, 20, 2);
    int[] index = new int[20];
    for (int i = 0; i < 20; i++) {
      index[i] = i;
    }
    TrainingMetrics m = start.learner(settings(LearnerSettings.Method.CD)).orElseThrow()
        .evaluate(data, index, 0, 20, new SplittableRandom(1));
    assertEquals(java.util.Set.of("W1", "W2"), m.weightNorms().keySet());
    assertTrue(m.reconstructionError() > 0 && m.reconstructionError() < 1);
    assertTrue(m.pseudoLogLikelihood() < 0 && m.pseudoLogLikelihood() > -8 * Math.log(2) - 2);
  }

  @Test
  void refusesValleysAndBadShapesOrSettings() {
    EnergyModel start = model(DbmUnits.DBM_BINARY, 1);
    assertTrue(start.learner(settings(LearnerSettings.Method.VALLEYS)).isEmpty());
    assertThrows(InvalidRequestException.class, () -> start.learner(new LearnerSettings(LearnerSettings.Method.CD,
        0, 0, 0, 0, 0, 1)));
    Learner learner = start.learner(settings(LearnerSettings.Method.CD)).orElseThrow();
    TrainingData wrong = new TrainingData(2, 3, new float[6], null, 0);
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> learner.update(wrong, new int[] {0, 1}, 0, 2, 0.1, new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("3 columns"), e.getMessage());
    assertThrows(IOException.class, () -> learner.readState(new DataInputStream(new ByteArrayInputStream(
        new byte[] {1, 2, 3, 4}))));
  }
}
