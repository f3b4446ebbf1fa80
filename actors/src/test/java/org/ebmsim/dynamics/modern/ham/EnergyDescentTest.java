package org.ebmsim.dynamics.modern.ham;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Lyapunov property (MATH.md §6): along Euler and RK4 trajectories with a small step the
 * network energy never rises beyond round-off, for every Lagrangian kind in 2- and 3-layer dense
 * networks, for arbitrary time constants, with an adiabatic top layer, with clamped units, and in
 * networks with a convolutional and with an average-pooling synapse. Each run must also lower
 * the energy by a visible amount, so a frozen integrator cannot pass.
 */
class EnergyDescentTest {
  private static final int STEPS = 300;

  static List<String> kinds() {
    return HamFixtures.KINDS;
  }

  /** Weight scale: small for all-identity networks (their energy is a quadratic form that must stay bounded). */
  private static double sd(String kind) {
    return "identity".equals(kind) ? 0.15 : 0.8;
  }

  private static void assertDescends(String label, double[] e) {
    for (int t = 1; t < e.length; t++) {
      double slack = 1e-12 * Math.max(1, Math.abs(e[t - 1]));
      assertTrue(e[t] <= e[t - 1] + slack, label + ": energy rose at step " + t + " from " + e[t - 1] + " to " + e[t]
          + " (+" + (e[t] - e[t - 1]) + ")");
    }
    assertTrue(e[e.length - 1] < e[0] - 1e-3, label + ": energy barely moved: " + e[0] + " -> " + e[e.length - 1]);
  }

  private static void checkAllIntegrators(String label, HamNetwork net, double[][] x0, boolean[][] clamped) {
    assertDescends(label + ", Euler", new HamIntegrator(net, StepMethod.EULER, 0.02, false, clamped, x0).run(STEPS));
    assertDescends(label + ", RK4", new HamIntegrator(net, StepMethod.RK4, 0.1, false, clamped, x0).run(STEPS));
    assertDescends(label + ", Euler, adiabatic top",
        new HamIntegrator(net, StepMethod.EULER, 0.02, true, clamped, x0).run(STEPS));
    assertDescends(label + ", RK4, adiabatic top",
        new HamIntegrator(net, StepMethod.RK4, 0.1, true, clamped, x0).run(STEPS));
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void twoLayers_energyNeverRises(String kind) {
    HamNetwork net = HamFixtures.denseNetwork(11, new int[] {6, 4}, new String[] {kind, kind}, sd(kind));
    checkAllIntegrators(kind + " x2", net, HamFixtures.state(net, 12, 1.5), null);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void threeLayers_energyNeverRises_forAnyTimeConstants(String kind) {
    HamNetwork net = HamFixtures.denseNetwork(21, new int[] {6, 5, 3}, new String[] {kind, kind, kind}, sd(kind));
    double[][] x0 = HamFixtures.state(net, 22, 1.5);
    checkAllIntegrators(kind + " x3", net, x0, null);
    checkAllIntegrators(kind + " x3, tau (2, 0.5, 0.25)", net.withTaus(2, 0.5, 0.25), x0, null);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void identityVisible_underAHiddenLayerOfEachKind_withClampedUnits(String kind) {
    HamNetwork net = HamFixtures.denseNetwork(31, new int[] {8, 5, 3}, new String[] {"identity", kind, "softmax"},
        0.6);
    double[][] x0 = HamFixtures.state(net, 32, 1);
    boolean[][] clamped = new boolean[3][];
    clamped[0] = new boolean[8];
    for (int i = 0; i < 4; i++) {
      clamped[0][i] = true;
    }
    checkAllIntegrators("identity/" + kind + "/softmax, half the visible clamped", net, x0, clamped);
  }

  @Test
  void convolutionalNetwork_energyNeverRises() {
    SplittableRandom r = new SplittableRandom(41);
    TensorShape image = new TensorShape(2, 6, 6);
    TensorShape features = new TensorShape(3, 6, 6);
    TensorShape top = TensorShape.dense(4);
    HamNetwork net = HamNetwork.of(
        List.of(HamLayer.of(image, "identity", null, 1), HamLayer.of(features, "channel_softmax",
            Map.of("beta", 1.5), 0.5), HamLayer.of(top, "softmax", Map.of("beta", 2.0), 0.2)),
        List.of(new ConvSynapse(image, features, HamFixtures.gaussian(r, 3 * 2 * 3 * 3, 0.4), 3, 3, 1, 1),
            HamFixtures.dense(r, features, top, 0.3)));
    checkAllIntegrators("conv", net, HamFixtures.state(net, 42, 1), null);
  }

  @Test
  void poolingNetwork_energyNeverRises() {
    SplittableRandom r = new SplittableRandom(51);
    TensorShape input = new TensorShape(2, 6, 6);
    TensorShape pooled = new TensorShape(2, 3, 3);
    TensorShape top = TensorShape.dense(5);
    HamNetwork net = HamNetwork.of(
        List.of(HamLayer.of(input, "tanh", null, 1), HamLayer.of(pooled, "sigmoid", Map.of("beta", 2.0), 1),
            HamLayer.of(top, "relu", null, 0.5)),
        List.of(new AveragePoolSynapse(input, pooled, 2, 2, 2), HamFixtures.dense(r, pooled, top, 0.8)));
    checkAllIntegrators("pooling", net, HamFixtures.state(net, 52, 1.5), null);
  }

  @Test
  void convThenPoolingThenDense_energyNeverRises() {
    SplittableRandom r = new SplittableRandom(61);
    TensorShape image = new TensorShape(1, 8, 8);
    TensorShape features = new TensorShape(2, 6, 6);
    TensorShape pooled = new TensorShape(2, 3, 3);
    TensorShape top = TensorShape.dense(4);
    HamNetwork net = HamNetwork.of(
        List.of(HamLayer.of(image, "identity", null, 1), HamLayer.of(features, "tanh", null, 1),
            HamLayer.of(pooled, "relu", null, 1), HamLayer.of(top, "softmax", null, 1)),
        List.of(new ConvSynapse(image, features, HamFixtures.gaussian(r, 2 * 9, 0.3), 3, 3, 1, 0),
            new AveragePoolSynapse(features, pooled, 2, 2, 2), HamFixtures.dense(r, pooled, top, 0.8)));
    checkAllIntegrators("conv+pool+dense", net, HamFixtures.state(net, 62, 1), null);
  }
}
