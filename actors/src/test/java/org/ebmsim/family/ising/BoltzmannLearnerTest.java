package org.ebmsim.family.ising;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.Matrix;
import org.junit.jupiter.api.Test;

/** {@link BoltzmannModel#learner}: methods offered, checkpoints resuming bit for bit, metrics. */
class BoltzmannLearnerTest {
  static EnergyModel model(long seed) {
    Random r = new Random(seed);
    int n = 9;
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        w[i * n + j] = w[j * n + i] = 0.1 * r.nextGaussian();
      }
    }
    Matrix.Builder m = Matrix.newBuilder().setRows(n).setCols(n);
    for (double x : w) {
      m.addValues(x);
    }
    return new BoltzmannFamily().create(BoltzmannFromWeights.newBuilder().setWeights(m).setVisibleUnits(6).build(),
        CreateContext.of(100, 10)).model();
  }

  static TrainingData data(int rows, long seed) {
    Random r = new Random(seed);
    float[] v = new float[rows * 6];
    for (int k = 0; k < v.length; k++) {
      v[k] = r.nextBoolean() ? 1f : -1f;
    }
    return new TrainingData(rows, 6, v, null, 0);
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
      index[i] = (i * 7) % data.rows();
    }
    for (int b = fromBatch; b < fromBatch + batches; b++) {
      learner.update(data, index, (b * 5) % 15, 5, 0.1, new SplittableRandom(b * 31L + 5));
    }
  }

  @Test
  void restoredLearnerContinuesBitForBit() throws IOException {
    for (LearnerSettings.Method method : new LearnerSettings.Method[] {LearnerSettings.Method.CD,
        LearnerSettings.Method.PCD}) {
      EnergyModel start = model(1);
      TrainingData data = data(20, 2);
      LearnerSettings settings = new LearnerSettings(method, 2, 0, 0.5, 1e-3, 3, 7);
      Learner a = start.learner(settings).orElseThrow();
      train(a, data, 0, 4);
      byte[] saved = state(a);
      train(a, data, 4, 5);
      Learner b = start.learner(settings).orElseThrow();
      b.readState(new DataInputStream(new ByteArrayInputStream(saved)));
      train(b, data, 4, 5);
      assertArrayEquals(state(a), state(b), method.toString());
      assertEquals(a.snapshot().parameters(), b.snapshot().parameters());
      assertFalse(a.snapshot().parameters().equals(start.parameters()), "training changed the parameters");
    }
  }

  @Test
  void metricsAndRefusals() {
    EnergyModel start = model(1);
    assertTrue(start.learner(new LearnerSettings(LearnerSettings.Method.VALLEYS, 1, 0, 0, 0, 3, 1)).isEmpty());
    assertThrows(InvalidRequestException.class, () -> start.learner(new LearnerSettings(LearnerSettings.Method.CD,
        1, 0, 1.0, 0, 0, 1)));
    Learner learner = start.learner(new LearnerSettings(LearnerSettings.Method.CD, 1, 0, 0, 0, 0, 1))
        .orElseThrow();
    TrainingData data = data(10, 3);
    int[] index = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    TrainingMetrics m = learner.evaluate(data, index, 0, 10, new SplittableRandom(4));
    assertEquals(java.util.Set.of("W"), m.weightNorms().keySet());
    assertTrue(m.reconstructionError() > 0 && m.reconstructionError() < 4);
    assertTrue(m.pseudoLogLikelihood() < 0 && Double.isFinite(m.pseudoLogLikelihood()));
    assertThrows(InvalidRequestException.class, () -> learner.update(new TrainingData(1, 5, new float[5], null, 0),
        new int[] {0}, 0, 1, 0.1, new SplittableRandom(1)));
  }
}
