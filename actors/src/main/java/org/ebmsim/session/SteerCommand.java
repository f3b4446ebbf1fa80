package org.ebmsim.session;

import org.ebmsim.dynamics.state.LayerShape;

/** A mid-run change to a session, applied at the next report boundary it has not yet started. */
public sealed interface SteerCommand {
  /** Temperature T from the effective sweep on. */
  record SetTemperature(double temperature) implements SteerCommand {}

  /** Hold {@code units} of layer {@code layer} (index; {@code shape} is that layer) at {@code values}. */
  record Clamp(int layer, LayerShape shape, int[] units, double[] values) implements SteerCommand {}

  /** Let {@code units} of layer {@code layer} evolve again; empty means every clamped unit of the layer. */
  record Release(int layer, LayerShape shape, int[] units) implements SteerCommand {}

  /** Report every {@code sweeps} sweeps (or AIS temperatures) from now on. */
  record SetReportInterval(int sweeps) implements SteerCommand {}

  /** Training: learning rate from the effective batch on (replaces the schedule). */
  record SetLearningRate(double learningRate) implements SteerCommand {}
}
