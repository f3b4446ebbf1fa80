package org.ebmsim.dynamics.modern.ham;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input fails with an IllegalArgumentException whose message names the problem and the values. */
class ValidationTest {
  private static final TensorShape SIX = TensorShape.dense(6);
  private static final TensorShape FOUR = TensorShape.dense(4);

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  private static HamNetwork small() {
    return HamNetwork.of(List.of(HamLayer.of(SIX, "identity", null, 1), HamLayer.of(FOUR, "softmax", null, 1)),
        List.of(new DenseSynapse(SIX, FOUR, new double[24])));
  }

  @Test
  void mismatchedLayerShapes() {
    HamLayer five = HamLayer.of(TensorShape.dense(5), "identity", null, 1);
    HamLayer four = HamLayer.of(FOUR, "tanh", null, 1);
    assertMessage("synapse 0 (dense 4x6) takes input of shape 6x1x1, but layer 0 has shape 5x1x1",
        () -> HamNetwork.of(List.of(five, four), List.of(new DenseSynapse(SIX, FOUR, new double[24]))));
    HamLayer six = HamLayer.of(SIX, "identity", null, 1);
    HamLayer three = HamLayer.of(TensorShape.dense(3), "tanh", null, 1);
    assertMessage("synapse 0 (dense 4x6) gives output of shape 4x1x1, but layer 1 has shape 3x1x1",
        () -> HamNetwork.of(List.of(six, three), List.of(new DenseSynapse(SIX, FOUR, new double[24]))));
    assertMessage("a network of 2 layers needs 1 synapses, one between each pair of neighbours (got 0)",
        () -> HamNetwork.of(List.of(six, four), List.of()));
    assertMessage("a hierarchical associative memory needs at least 2 layers (got 1)",
        () -> HamNetwork.of(List.of(six), List.of()));
    assertMessage("conv 3x3 stride 1 padding 0 maps 1x5x5 to 2x3x3, but the layer above is 2x4x4",
        () -> new ConvSynapse(new TensorShape(1, 5, 5), new TensorShape(2, 4, 4), new double[18], 3, 3, 1, 0));
    assertMessage("average pooling 2x2 stride 2 maps 3x6x6 to 3x3x3, but the layer above is 2x3x3",
        () -> new AveragePoolSynapse(new TensorShape(3, 6, 6), new TensorShape(2, 3, 3), 2, 2, 2));
    assertMessage("dense weights must have 4 x 6 = 24 entries (above x below, row-major; got 20)",
        () -> new DenseSynapse(SIX, FOUR, new double[20]));
    assertMessage("state of layer 1 must have 4 units (shape 4x1x1; got 3)",
        () -> new HamIntegrator(small(), StepMethod.EULER, 0.1, false, null,
            new double[][] {new double[6], new double[3]}));
    assertMessage("clamp mask of layer 0 must have 6 entries (got 5)",
        () -> new HamIntegrator(small(), StepMethod.EULER, 0.1, false, new boolean[][] {new boolean[5], null},
            new double[][] {new double[6], new double[4]}));
  }

  @Test
  void kernelLargerThanItsInput() {
    assertMessage("conv kernel 5x5 is larger than its input 3x3 padded by 0 (3x3)",
        () -> new ConvSynapse(new TensorShape(1, 3, 3), new TensorShape(1, 1, 1), new double[25], 5, 5, 1, 0));
    assertMessage("conv kernel 6x3 is larger than its input 3x3 padded by 1 (5x5)",
        () -> new ConvSynapse(new TensorShape(1, 3, 3), new TensorShape(1, 1, 3), new double[18], 6, 3, 1, 1));
    assertMessage("pooling window 3x3 is larger than its input 2x2",
        () -> new AveragePoolSynapse(new TensorShape(1, 2, 2), new TensorShape(1, 1, 1), 3, 3, 1));
    assertMessage("conv stride must be >= 1 (got 0)",
        () -> new ConvSynapse(new TensorShape(1, 3, 3), new TensorShape(1, 1, 1), new double[9], 3, 3, 0, 0));
  }

  @Test
  void missingNeighbourOutput() {
    HamNetwork net = small();
    assertMessage("layer 1 needs the output of layer 0", () -> net.input(1, null, null, new double[4]));
    assertMessage("layer 0 needs the output of layer 1", () -> net.input(0, null, null, new double[6]));
  }

  @Test
  void nonPositiveStep() {
    double[][] x0 = {new double[6], new double[4]};
    assertMessage("dt must be finite and > 0 (got 0.0)",
        () -> new HamIntegrator(small(), StepMethod.RK4, 0, false, null, x0));
    assertMessage("dt must be finite and > 0 (got -0.1)",
        () -> new HamIntegrator(small(), StepMethod.EULER, -0.1, false, null, x0));
    assertMessage("dt must be finite and > 0 (got NaN)",
        () -> new HamIntegrator(small(), StepMethod.EULER, Double.NaN, false, null, x0));
  }

  @Test
  void nonPositiveTimeConstant() {
    assertMessage("time constant tau must be finite and > 0 (got 0.0)", () -> HamLayer.of(SIX, "identity", null, 0));
    assertMessage("time constant tau must be finite and > 0 (got -2.0)", () -> HamLayer.of(SIX, "relu", null, -2));
    assertMessage("time constant tau must be finite and > 0 (got 0.0)", () -> small().withTaus(1, 0));
  }

  @Test
  void unknownLagrangianParameters() {
    assertMessage("lagrangian 'softmax' has no parameter 'temperature' (known: beta)",
        () -> HamLayer.of(SIX, "softmax", Map.of("temperature", 2.0), 1));
    assertMessage("lagrangian 'relu' takes no parameters (got 'beta')",
        () -> HamLayer.of(SIX, "relu", Map.of("beta", 2.0), 1));
    assertMessage("lagrangian 'relu' takes no parameters (got 'beta')",
        () -> HamLayer.of(SIX, "relu", Map.of("zeta", 1.0, "gain", 2.0, "beta", 3.0), 1));
    assertMessage("lagrangian 'sigmoid' has no parameter 'alpha' (known: beta)",
        () -> HamLayer.of(SIX, "sigmoid", Map.of("beta", 1.0, "zeta", 2.0, "alpha", 3.0), 1));
    assertMessage("lagrangian 'identity' takes no parameters (got 'gain')",
        () -> HamLayer.of(SIX, "identity", Map.of("gain", 1.0), 1));
    assertMessage("lagrangian 'tanh' needs a finite beta > 0 (got -1.0)",
        () -> HamLayer.of(SIX, "tanh", Map.of("beta", -1.0), 1));
    assertMessage("lagrangian kind must be one of [identity, softmax, channel_softmax, sigmoid, tanh, relu]"
        + " (got 'maxout')", () -> HamLayer.of(SIX, "maxout", null, 1));
  }

  @Test
  void langevin_rejectsNonPositiveTemperature_andLayersWithoutABoltzmannLaw() {
    double[][] x0 = {new double[6], new double[4]};
    assertMessage("temperature must be finite and > 0 (got 0.0); for T = 0 use HamIntegrator",
        () -> new HamLangevinIntegrator(small(), 0.1, 0, true, null, x0, 1));
    assertMessage("Langevin sampling of exp(-E/T) needs the identity Lagrangian on every evolving layer, but layer 1"
        + " is 'softmax' (exp(-E/T) is not normalizable in its state); make it the adiabatic top layer, clamp all"
        + " its units, or use HamIntegrator",
        () -> new HamLangevinIntegrator(small(), 0.1, 1, false, null, x0, 1));
    assertMessage("dt must be finite and > 0 (got 0.0)",
        () -> new HamLangevinIntegrator(small(), 0, 1, true, null, x0, 1));
    assertMessage("an adiabatic top layer with a coupled Lagrangian ('softmax') must be clamped entirely or not at"
        + " all: with some units clamped its free units are not at the energy minimum and the law is not exp(-E/T)",
        () -> new HamLangevinIntegrator(small(), 0.1, 1, true, new boolean[][] {null, {true, false, false, false}},
            x0, 1));
    // allowed: the softmax layer adiabatic, or fully clamped
    new HamLangevinIntegrator(small(), 0.1, 1, true, null, x0, 1);
    boolean[][] clampTop = {null, new boolean[] {true, true, true, true}};
    new HamLangevinIntegrator(small(), 0.1, 1, false, clampTop, x0, 1);
  }
}
