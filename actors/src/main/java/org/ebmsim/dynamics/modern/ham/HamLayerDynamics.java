package org.ebmsim.dynamics.modern.ham;

import org.ebmsim.dynamics.layered.LayerDynamics;

/**
 * One HAM layer's {@link LayerStepper} as {@link LayerDynamics}. Its energy terms are those of
 * {@link HamNetwork#energy(double[][], double[][])}: own {@code x·g − L(x)}, coupling
 * {@code g·ξ^{(a,a−1)} g^{a−1}}, computed with the same operations in the same order, so that
 * {@link org.ebmsim.dynamics.layered.LayeredEnergy#total} equals the network's energy bit for bit.
 */
final class HamLayerDynamics implements LayerDynamics {
  private final HamNetwork network;
  private final LayerStepper stepper;
  private final double[] up;

  HamLayerDynamics(HamNetwork network, LayerStepper stepper) {
    this.network = network;
    this.stepper = stepper;
    this.up = new double[network.layer(stepper.layer()).size()];
  }

  @Override
  public int layer() {
    return stepper.layer();
  }

  @Override
  public double[] output() {
    return stepper.output();
  }

  @Override
  public double[] state() {
    return stepper.state();
  }

  @Override
  public void computeStage(double[] gBelow, double[] gAbove) {
    stepper.computeStage(gBelow, gAbove);
  }

  @Override
  public void finishStage() {
    stepper.finishStage();
  }

  @Override
  public void relax(double[] gBelow) {
    stepper.relax(gBelow);
  }

  @Override
  public double ownEnergy() {
    return network.layer(stepper.layer()).lagrangian().legendre(stepper.stateView(), stepper.output());
  }

  @Override
  public double couplingBelow(double[] gBelow) {
    int a = stepper.layer();
    if (a == 0) {
      return 0;
    }
    java.util.Arrays.fill(up, 0);
    network.synapse(a - 1).forward(gBelow, up);
    double dot = 0;
    double[] g = stepper.output();
    for (int i = 0; i < up.length; i++) {
      dot += up[i] * g[i];
    }
    return dot;
  }
}
