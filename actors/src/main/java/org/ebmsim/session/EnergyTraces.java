package org.ebmsim.session;

import org.ebmsim.dynamics.diagnostics.ConvergenceDiagnostics;

/**
 * The energy traces of a sampling session's first chains since its temperature last changed, for
 * {@link ConvergenceDiagnostics} on request. Bounded whatever the run: at most {@value #MAX_CHAINS}
 * chains (R̂ needs several chains, not all of them) and {@value #CAPACITY} points per chain; when
 * full, every other point is dropped and the spacing doubles, so the trace always spans the whole
 * segment. The diagnosis is recomputed when the trace has grown by an eighth since the last one
 * (an FFT per chain), so frequent reports do not pay for it each time.
 */
public final class EnergyTraces {
  static final int MAX_CHAINS = 64;
  static final int CAPACITY = 1024;

  /**
   * Diagnostics of the energy since {@code sinceSweep}, with τ converted to sweeps.
   *
   * @param autocorrelationSweeps τ in sweeps (trace steps × sweeps between kept points)
   */
  public record Diagnosis(ConvergenceDiagnostics values, double autocorrelationSweeps, long sinceSweep) {}

  private final double[][] traces;
  private int length;
  private long stride = 1; // reports per kept point
  private long reports; // reports since the segment began
  private double temperature = Double.NaN;
  private long sinceSweep;
  private double sweepsPerReport = 1;
  private int diagnosedAt;
  private Diagnosis last;

  EnergyTraces(int chains) {
    this.traces = new double[Math.min(chains, MAX_CHAINS)][CAPACITY];
  }

  /**
   * Adds the energies of the report at {@code sweep} (sweeps since the previous report:
   * {@code sweepsSinceReport}); a new temperature starts a new segment.
   */
  void add(long sweep, long sweepsSinceReport, double temperature, double[] energies) {
    if (Double.compare(temperature, this.temperature) != 0) {
      this.temperature = temperature;
      length = 0;
      stride = 1;
      reports = 0;
      diagnosedAt = 0;
      last = null;
      sinceSweep = sweep - sweepsSinceReport;
    }
    sweepsPerReport = Math.max(1, sweepsSinceReport);
    if (reports++ % stride != 0) {
      return;
    }
    if (length == CAPACITY) {
      for (double[] t : traces) {
        for (int i = 0; i < CAPACITY / 2; i++) {
          t[i] = t[2 * i];
        }
      }
      length = CAPACITY / 2;
      diagnosedAt = 0;
      stride *= 2;
      if ((reports - 1) % stride != 0) {
        return;
      }
    }
    for (int c = 0; c < traces.length; c++) {
      traces[c][length] = energies[c];
    }
    length++;
  }

  /**
   * The current diagnosis, or null while undefined (too few points, frozen chains); recomputed when
   * the trace grew by an eighth, or when {@code fresh} (a session's last report).
   */
  Diagnosis diagnose(boolean fresh) {
    boolean grown = length - diagnosedAt >= Math.max(1, diagnosedAt / 8);
    if (length >= ConvergenceDiagnostics.MIN_LENGTH && length != diagnosedAt && (grown || fresh)) {
      diagnosedAt = length;
      ConvergenceDiagnostics d = ConvergenceDiagnostics.of(traces, length);
      last = d == null ? null : new Diagnosis(d, d.autocorrelationTime() * stride * sweepsPerReport, sinceSweep);
    }
    return last;
  }
}
