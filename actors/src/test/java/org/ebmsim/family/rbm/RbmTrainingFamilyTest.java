package org.ebmsim.family.rbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.train.WeightInitialisation;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.NotFoundException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.DatasetLookup;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.TrainingData;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.RbmInitialisation;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.junit.jupiter.api.Test;

/** RbmSpec.init through the family (weights from a stored dataset) and RbmModel.learner. */
class RbmTrainingFamilyTest {
  static final int COLS = 16;

  /** ±1 rows of 3 classes around 3 random prototypes (10% flips). */
  static TrainingData labelled(boolean withLabels) {
    SplittableRandom rng = new SplittableRandom(1);
    int[][] protos = new int[3][COLS];
    for (int[] p : protos) {
      for (int c = 0; c < COLS; c++) {
        p[c] = rng.nextBoolean() ? 1 : -1;
      }
    }
    int rows = 60;
    float[] x = new float[rows * COLS];
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = r % 3;
      for (int c = 0; c < COLS; c++) {
        x[r * COLS + c] = protos[labels[r]][c] * (rng.nextDouble() < 0.1 ? -1 : 1);
      }
    }
    return withLabels ? new TrainingData(rows, COLS, x, labels, 3) : new TrainingData(rows, COLS, x, null, 0);
  }

  static CreateContext context() {
    DatasetLookup lookup = id -> switch (id) {
      case "digits" -> labelled(true);
      case "plain" -> labelled(false);
      default -> throw new NotFoundException("dataset " + id + " not found");
    };
    return new CreateContext(10_000, 1000, () -> false, new MemoryBudget(Long.MAX_VALUE).reserve(0, "test"), lookup);
  }

  static RbmSpec spec(RbmInitialisation.Method method, String dataset, int hidden) {
    return RbmSpec.newBuilder().setVariant(RbmVariant.BINARY_GAUSSIAN).setInverseTemperature(2)
        .setInit(RbmInitialisation.newBuilder().setDatasetId(dataset).setMethod(method).setHiddenUnits(hidden)
            .setSeed(5))
        .build();
  }

  /** Projection of the class means: W = Q with WWᵀ = ξ(ξᵀξ)⁻¹ξᵀ of the same patterns computed directly. */
  @Test
  void projectionInit_buildsTheProjectionRbmOfTheClassMeans() {
    RbmModel model = (RbmModel) new RbmFamily().create(spec(RbmInitialisation.Method.PROJECTION, "digits", 0),
        context()).model();
    BinaryGaussianRbm rbm = (BinaryGaussianRbm) model.rbm();
    assertEquals(COLS, rbm.visibleUnits());
    assertEquals(3, rbm.hiddenUnits());
    assertEquals(2.0, rbm.inverseTemperature());
    TrainingData d = labelled(true);
    double[] xi = WeightInitialisation.classPatterns(d.values(), d.rows(), COLS, d.labels(), 3, 1, 0,
        org.ebmsim.dynamics.blas.Gemm.javaFallback());
    assertArrayEquals(WeightInitialisation.projection(xi, COLS, 3), rbm.weights(), 1e-12);
    // stored parameters carry the weights, not the recipe: they decode to the same model
    RbmSpec stored = (RbmSpec) model.parameters();
    assertTrue(!stored.hasInit() && stored.hasWeights());
    assertArrayEquals(rbm.weights(), ((RbmModel) new RbmFamily().decode(stored)).rbm().weights(), 0);
  }

  @Test
  void pcaAndRandomInit_haveTheRequestedHiddenUnits() {
    RbmModel pca = (RbmModel) new RbmFamily().create(spec(RbmInitialisation.Method.PCA, "plain", 4), context())
        .model();
    assertEquals(4, pca.rbm().hiddenUnits());
    RbmModel random = (RbmModel) new RbmFamily().create(spec(RbmInitialisation.Method.RANDOM, "plain", 7), context())
        .model();
    assertEquals(7, random.rbm().hiddenUnits());
    RbmModel hebb = (RbmModel) new RbmFamily().create(spec(RbmInitialisation.Method.HEBBIAN, "digits", 0).toBuilder()
        .setInit(spec(RbmInitialisation.Method.HEBBIAN, "digits", 0).getInit().toBuilder().setSubPatterns(2)).build(),
        context()).model();
    assertEquals(6, hebb.rbm().hiddenUnits());
    for (double w : hebb.rbm().weights()) {
      assertEquals(0.25, Math.abs(w), 1e-15, "Hebbian W = ξ/√16");
    }
  }

  @Test
  void invalidInit_isRefusedNamingTheField() {
    RbmFamily family = new RbmFamily();
    InvalidRequestException noLabels = assertThrows(InvalidRequestException.class,
        () -> family.create(spec(RbmInitialisation.Method.PROJECTION, "plain", 0), context()));
    assertTrue(noLabels.getMessage().contains("rbm.init.dataset_id") && noLabels.getMessage().contains("labels"),
        noLabels.getMessage());
    RbmSpec both = spec(RbmInitialisation.Method.RANDOM, "plain", 3).toBuilder()
        .setWeights(Matrix.newBuilder().setRows(1).setCols(1).addValues(0)).build();
    assertTrue(assertThrows(InvalidRequestException.class, () -> family.create(both, context())).getMessage()
        .contains("rbm.weights must be empty"));
    assertTrue(assertThrows(InvalidRequestException.class,
        () -> family.create(spec(RbmInitialisation.Method.PCA, "plain", 0), context())).getMessage()
        .contains("rbm.init.hidden_units"));
    assertTrue(assertThrows(InvalidRequestException.class,
        () -> family.create(spec(RbmInitialisation.Method.HEBBIAN, "digits", 5), context())).getMessage()
        .contains("rbm.init.hidden_units"));
    assertThrows(NotFoundException.class, () -> family.create(spec(RbmInitialisation.Method.PCA, "nope", 2),
        context()));
  }

  /** CD and PCD give learners whose snapshots keep variant and β; valleys gives none; bad settings name the field. */
  @Test
  void learner_byMethod() {
    EnergyModel model = new RbmFamily().create(spec(RbmInitialisation.Method.PROJECTION, "digits", 0), context())
        .model();
    assertTrue(model.learner(new LearnerSettings(LearnerSettings.Method.VALLEYS, 1, 0, 0, 0, 2, 1)).isEmpty());
    Learner learner = model.learner(new LearnerSettings(LearnerSettings.Method.PCD, 1, 0, 0.5, 1e-4, 0, 1))
        .orElseThrow();
    TrainingData d = labelled(true);
    int[] index = new int[d.rows()];
    for (int r = 0; r < index.length; r++) {
      index[r] = r;
    }
    learner.update(d, index, 0, 20, 0.01, new SplittableRandom(2));
    RbmModel snap = (RbmModel) learner.snapshot();
    assertEquals(RbmVariant.BINARY_GAUSSIAN, snap.variant());
    assertEquals(2.0, ((BinaryGaussianRbm) snap.rbm()).inverseTemperature());
    assertTrue(learner.evaluate(d, index, 0, d.rows(), new SplittableRandom(3)).weightNorms().containsKey("W"));
    assertTrue(assertThrows(InvalidRequestException.class,
        () -> model.learner(new LearnerSettings(LearnerSettings.Method.CD, 0, 0, 0, 0, 0, 1))).getMessage()
        .contains("gibbs_steps"));
    assertThrows(InvalidRequestException.class, () -> learner.update(new TrainingData(1, 3, new float[3], null, 0),
        new int[] {0}, 0, 1, 0.1, new SplittableRandom(4)));
  }
}
