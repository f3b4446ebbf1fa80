package org.ebmsim.dynamics.modern.ham;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-layer protocol layer actors will run: each layer keeps its own {@link LayerStepper}
 * and sees its neighbours only through copies of their published outputs (as messages would
 * carry them), in any order within a stage. The result is bit-identical to {@link HamIntegrator}.
 */
class LayerStepperTest {
  /** One step of every layer, visiting layers in {@code order}, neighbours' outputs copied first. */
  private static void exchangeStep(LayerStepper[] layers, StepMethod method, int[] order, boolean adiabaticTop) {
    int evolving = adiabaticTop ? layers.length - 1 : layers.length;
    for (int s = 0; s < method.stages(); s++) {
      double[][] sent = new double[layers.length][];
      for (int a = 0; a < layers.length; a++) {
        sent[a] = layers[a].output().clone(); // the message each layer sends its neighbours
      }
      for (int a : order) {
        if (a < evolving) {
          layers[a].computeStage(a > 0 ? sent[a - 1] : null, a + 1 < layers.length ? sent[a + 1] : null);
          layers[a].finishStage();
        }
      }
      if (adiabaticTop) {
        layers[evolving].relax(layers[evolving - 1].output().clone());
      }
    }
  }

  private static void assertSameAsIntegrator(StepMethod method, boolean adiabaticTop, double temperature) {
    HamNetwork net = HamFixtures.denseNetwork(111, new int[] {5, 4, 3, 2},
        new String[] {"identity", temperature > 0 ? "identity" : "tanh", temperature > 0 ? "identity" : "sigmoid",
            "softmax"}, 0.4);
    double[][] x0 = HamFixtures.state(net, 112, 1);
    boolean[][] clamped = {new boolean[] {true, false, false, true, false}, null, null, null};
    long seed = 113;
    HamIntegrator reference = temperature > 0 ? null
        : new HamIntegrator(net, method, 0.05, adiabaticTop, clamped, x0);
    HamLangevinIntegrator noisy = temperature > 0
        ? new HamLangevinIntegrator(net, 0.05, temperature, adiabaticTop, clamped, x0, seed) : null;
    LayerStepper[] layers = new LayerStepper[net.layers()];
    SplittableRandom root = new SplittableRandom(seed);
    for (int a = 0; a < layers.length; a++) {
      SplittableRandom r = root.split();
      boolean top = a == layers.length - 1;
      layers[a] = temperature > 0 && !(adiabaticTop && top)
          ? LayerStepper.langevin(net, a, 0.05, temperature, clamped[a], x0[a], r)
          : LayerStepper.deterministic(net, a, method, 0.05, clamped[a], x0[a]);
    }
    if (adiabaticTop) {
      layers[layers.length - 1].relax(layers[layers.length - 2].output());
    }
    int[] reversed = {3, 2, 1, 0};
    for (int t = 0; t < 40; t++) {
      exchangeStep(layers, method, reversed, adiabaticTop);
      if (reference != null) {
        reference.step();
      } else {
        noisy.step();
      }
    }
    for (int a = 0; a < layers.length; a++) {
      double[] expected = reference != null ? reference.state(a) : noisy.state(a);
      assertArrayEquals(expected, layers[a].state(), 0, method + " layer " + a);
    }
  }

  @Test
  void euler_perLayerExchange_equalsIntegrator() {
    assertSameAsIntegrator(StepMethod.EULER, false, 0);
  }

  @Test
  void rk4_perLayerExchange_equalsIntegrator() {
    assertSameAsIntegrator(StepMethod.RK4, false, 0);
  }

  @Test
  void rk4_adiabaticTop_perLayerExchange_equalsIntegrator() {
    assertSameAsIntegrator(StepMethod.RK4, true, 0);
  }

  @Test
  void langevin_perLayerStreams_equalIntegrator() {
    assertSameAsIntegrator(StepMethod.EULER, true, 0.5);
  }
}
