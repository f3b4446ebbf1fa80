package org.ebmsim.family.ising;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Random;
import java.util.SplittableRandom;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.TrainingData;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.HopfieldParameters;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;
import org.junit.jupiter.api.Test;

/** {@link HopfieldModel#learner}: the valleys rule only, resuming bit for bit, a VALLEYS snapshot. */
class HopfieldLearnerTest {
  @Test
  void valleysLearnerResumesBitForBitAndSnapshotsAsValleys() throws IOException {
    Random r = new Random(3);
    int n = 12;
    byte[] xi = new byte[2 * n];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = (byte) (r.nextBoolean() ? 1 : -1);
    }
    SpinMatrix.Builder patterns = SpinMatrix.newBuilder().setRows(2).setCols(n);
    for (byte x : xi) {
      patterns.addSpins(x);
    }
    EnergyModel start = new HopfieldFamily().create(HopfieldFromPatterns.newBuilder().setPatterns(patterns).build(),
        CreateContext.of(100, 10)).model();
    assertTrue(start.learner(new LearnerSettings(LearnerSettings.Method.CD, 1, 0, 0, 0, 3, 1)).isEmpty());
    LearnerSettings settings = new LearnerSettings(LearnerSettings.Method.VALLEYS, 1, 0, 0.3, 1e-3, 3, 1);
    float[] rows = new float[10 * n];
    for (int k = 0; k < rows.length; k++) {
      rows[k] = r.nextBoolean() ? 1f : -1f;
    }
    TrainingData data = new TrainingData(10, n, rows, null, 0);
    int[] index = {3, 1, 4, 0, 5, 9, 2, 6, 8, 7};
    Learner a = start.learner(settings).orElseThrow();
    for (int b = 0; b < 3; b++) {
      a.update(data, index, (b * 5) % 10, 5, 0.05, new SplittableRandom(b));
    }
    byte[] saved = BoltzmannLearnerTest.state(a);
    Learner c = start.learner(settings).orElseThrow();
    c.readState(new DataInputStream(new ByteArrayInputStream(saved)));
    for (int b = 3; b < 7; b++) {
      a.update(data, index, (b * 5) % 10, 5, 0.05, new SplittableRandom(b));
      c.update(data, index, (b * 5) % 10, 5, 0.05, new SplittableRandom(b));
    }
    assertArrayEquals(BoltzmannLearnerTest.state(a), BoltzmannLearnerTest.state(c));
    HopfieldParameters p = (HopfieldParameters) a.snapshot().parameters();
    assertEquals(StorageRule.VALLEYS_TRAINED, p.getRule());
    assertEquals(p, c.snapshot().parameters());
    assertTrue(!p.getWeights().equals(((HopfieldParameters) start.parameters()).getWeights()));
    assertEquals(java.util.Set.of("W"), a.evaluate(data, index, 0, 10, new SplittableRandom(1)).weightNorms().keySet());
  }
}
