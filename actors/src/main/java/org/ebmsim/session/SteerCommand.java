package org.ebmsim.session;

/** A mid-run change to a session, applied at the next report boundary it has not yet started. */
public sealed interface SteerCommand {
  /** Temperature T from the effective sweep on. */
  record SetTemperature(double temperature) implements SteerCommand {}

  /** Hold {@code units} of layer {@code layer} at {@code values} (in the layer's domain). */
  record Clamp(int layer, int[] units, double[] values) implements SteerCommand {}

  /** Let {@code units} of layer {@code layer} evolve again; empty means every clamped unit of the layer. */
  record Release(int layer, int[] units) implements SteerCommand {}

  /** Report every {@code sweeps} sweeps (or AIS temperatures) from now on. */
  record SetReportInterval(int sweeps) implements SteerCommand {}
}
