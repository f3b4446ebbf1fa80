package org.ebmsim.dynamics.ising;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Validation of {@link IsingModel#of} and the energy/field formulas. */
class IsingModelTest {
  private static IllegalArgumentException rejected(int units, double[] w, double[] b) {
    return assertThrows(IllegalArgumentException.class, () -> IsingModel.of(units, w, b));
  }

  @Test
  void of_nonSymmetricWeights_isRejectedNamingBothEntries() {
    double[] w = {0, 1, 0, 1, 0, 2, 0, 2.5, 0};
    String message = rejected(3, w, null).getMessage();
    assertTrue(message.contains("W[1][2] = 2.0") && message.contains("W[2][1] = 2.5"), message);
  }

  @Test
  void of_nonFiniteEntries_areRejectedNamingTheEntry() {
    double[] w = new double[9];
    w[5] = Double.NaN; // row 1, column 2
    assertTrue(rejected(3, w, null).getMessage().contains("weights[1][2]"));
    w[5] = Double.POSITIVE_INFINITY;
    assertTrue(rejected(3, w, null).getMessage().contains("weights[1][2]"));
    String message = rejected(3, new double[9], new double[] {0, Double.NEGATIVE_INFINITY, 0}).getMessage();
    assertTrue(message.contains("bias[1]"), message);
    assertTrue(rejected(3, new double[9], new double[] {0, 0, Double.NaN}).getMessage().contains("bias[2]"));
  }

  @Test
  void of_wrongLengths_areRejectedWithExpectedAndActualSizes() {
    String message = rejected(3, new double[8], null).getMessage();
    assertTrue(message.contains("9") && message.contains("8"), message);
    message = rejected(3, new double[9], new double[2]).getMessage();
    assertTrue(message.contains("3") && message.contains("2"), message);
    rejected(0, new double[0], null);
  }

  @Test
  void energy_andLocalField_matchDefinitionIncludingDiagonalConstant() {
    IsingModel model = TestModels.gaussian(6, 1.0, 1.0, 0.7, 12);
    byte[] s = TestModels.randomStates(1, 6, 3);
    double quadratic = 0;
    double linear = 0;
    double diagonal = 0;
    for (int i = 0; i < 6; i++) {
      diagonal += model.weight(i, i);
      linear += model.bias(i) * s[i];
      for (int j = 0; j < 6; j++) {
        quadratic += s[i] * model.weight(i, j) * s[j];
      }
      double h = model.bias(i);
      for (int j = 0; j < 6; j++) {
        h += j == i ? 0 : model.weight(i, j) * s[j];
      }
      assertEquals(h, model.localField(s, 0, i), 1e-12, "h_" + i);
      // Flipping s_i changes E by 2 s_i h_i.
      byte[] flipped = s.clone();
      flipped[i] = (byte) -flipped[i];
      assertEquals(2 * s[i] * h, model.energy(flipped) - model.energy(s), 1e-12, "ΔE of flipping unit " + i);
    }
    assertEquals(-0.5 * quadratic - linear, model.energy(s), 1e-12);
    assertEquals(-0.5 * diagonal, model.diagonalEnergy(), 1e-12);
  }

  @Test
  void of_copiesItsArguments() {
    double[] w = {0, 1, 1, 0};
    double[] b = {0.5, -0.5};
    IsingModel model = IsingModel.of(2, w, b);
    w[1] = 9;
    b[0] = 9;
    model.weights()[2] = 9;
    assertEquals(1, model.weight(0, 1));
    assertEquals(1, model.weight(1, 0));
    assertEquals(0.5, model.bias(0));
  }
}
