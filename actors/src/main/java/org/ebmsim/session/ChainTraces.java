package org.ebmsim.session;

import org.ebmsim.dynamics.diagnostics.ConvergenceDiagnostics;

/**
 * The traces of a few scalar observables (the energy, overlaps) of a session's first chains since
 * the temperature last changed. Bounded whatever the run: at most {@value #MAX_CHAINS} chains (R̂
 * needs several chains, not all of them) and {@value #CAPACITY} points per chain and observable;
 * when full, every other point is dropped and the spacing doubles, so a trace always spans the
 * whole segment. Used by {@link DiagnosticsTracker}; one thread at a time.
 */
public final class ChainTraces {
  /** Chains traced at most. */
  public static final int MAX_CHAINS = 64;
  /** Points kept per chain and observable. */
  public static final int CAPACITY = 1024;

  private final double[][][] traces; // [observable][chain][point]
  private int length;
  private long stride = 1; // reports per kept point
  private long reports; // reports since the segment began
  private double temperature = Double.NaN;
  private long sinceSweep;
  private double sweepsPerReport = 1;
  private long generation; // changes when the points are replaced (a new segment) or thinned

  /** Traces of {@code observables} observables of the first min(chains, {@value #MAX_CHAINS}) chains. */
  public ChainTraces(int observables, int chains) {
    if (observables < 1 || chains < 1) {
      throw new IllegalArgumentException("traces need observables and chains (got " + observables + ", " + chains + ")");
    }
    this.traces = new double[observables][Math.min(chains, MAX_CHAINS)][CAPACITY];
  }

  /** Bytes the traces hold. */
  public static long heapBytes(int observables, int chains) {
    return 64L + (long) observables * Math.min(chains, MAX_CHAINS) * (CAPACITY * 8L + 16);
  }

  /** Chains traced. */
  public int chains() {
    return traces[0].length;
  }

  public int observables() {
    return traces.length;
  }

  /** Points per chain in the current segment. */
  public int length() {
    return length;
  }

  /** A number that changes whenever points already kept were dropped or moved (new segment, thinning). */
  public long generation() {
    return generation;
  }

  /** First sweep of the current segment. */
  public long sinceSweep() {
    return sinceSweep;
  }

  /** Sweeps between two kept points (the spacing after thinning times the report interval). */
  public double sweepsPerPoint() {
    return stride * sweepsPerReport;
  }

  /**
   * Adds the report at {@code sweep} ({@code sweepsSinceReport} sweeps after the previous one):
   * {@code values[k][c]} is observable k of chain c, for every traced chain. A new temperature
   * starts a new segment.
   *
   * @return whether the points were kept (thinned traces skip reports)
   */
  public boolean add(long sweep, long sweepsSinceReport, double temperature, double[][] values) {
    if (values.length != traces.length) {
      throw new IllegalArgumentException(traces.length + " observables expected, got " + values.length);
    }
    if (Double.compare(temperature, this.temperature) != 0) {
      this.temperature = temperature;
      length = 0;
      stride = 1;
      reports = 0;
      sinceSweep = sweep - sweepsSinceReport;
      generation++;
    }
    sweepsPerReport = Math.max(1, sweepsSinceReport);
    if (reports++ % stride != 0) {
      return false;
    }
    if (length == CAPACITY) {
      for (double[][] observable : traces) {
        for (double[] t : observable) {
          for (int i = 0; i < CAPACITY / 2; i++) {
            t[i] = t[2 * i];
          }
        }
      }
      length = CAPACITY / 2;
      stride *= 2;
      generation++;
      if ((reports - 1) % stride != 0) {
        return false;
      }
    }
    for (int k = 0; k < traces.length; k++) {
      for (int c = 0; c < traces[k].length; c++) {
        traces[k][c][length] = values[k][c];
      }
    }
    length++;
    return true;
  }

  /** The diagnostics of observable k over the current segment, or null while undefined. */
  public ConvergenceDiagnostics diagnose(int k) {
    return ConvergenceDiagnostics.of(traces[k], length);
  }
}
