package org.ebmsim.session;

import java.util.ArrayList;
import java.util.List;
import org.ebmsim.dynamics.diagnostics.ConvergenceDiagnostics;

/**
 * Live convergence diagnostics for any session whose chain groups report sweeps: fed once per
 * report with the chains' energies and (when patterns are traced) the overlaps the groups computed
 * for the {@link #probe()}, it keeps their {@link ChainTraces} and answers {@link LiveDiagnostics}.
 * The diagnostics are recomputed (an FFT per chain and observable) when the traces grew by a
 * quarter since the last time ({@link #REDIAGNOSE_AFTER}), or on a session's last report, so
 * frequent reports do not pay for them each time; the means are always the current report's. A coordinator holds one, hands
 * {@link #probe()} to its groups with the orders and calls {@link #observe} from {@code gather}.
 * One thread at a time.
 */
public final class DiagnosticsTracker {
  /** Patterns whose overlaps are traced at most (memory and report size grow with them). */
  public static final int MAX_PATTERNS = 8;

  /**
   * The traces are re-diagnosed when they grew by 1/{@value} of their length since the last time:
   * a few times per doubling, so the work per report stays bounded (a diagnosis costs an FFT per
   * chain and trace) and the diagnostics shown lag the trace by at most a fifth of its points.
   */
  static final int REDIAGNOSE_AFTER = 4;

  private final int[] patterns;
  private final ChainTraces traces;
  private final OverlapProbe probe;
  private final double[][] values; // [observable][chain] of the current report
  private long lastAt;
  private int diagnosedAt;
  private long diagnosedGeneration = -1;
  private ConvergenceDiagnostics[] diagnosed;

  /**
   * Diagnostics of the energy of the first min(chains, {@value ChainTraces#MAX_CHAINS}) chains and
   * of their overlaps with the stored patterns {@code patterns} (possibly none), counting sweeps
   * from {@code startsAt}.
   */
  public DiagnosticsTracker(int chains, int[] patterns, long startsAt) {
    if (patterns.length > MAX_PATTERNS) {
      throw new IllegalArgumentException("at most " + MAX_PATTERNS + " patterns are traced (got " + patterns.length + ")");
    }
    this.patterns = patterns.clone();
    this.traces = new ChainTraces(1 + patterns.length, chains);
    this.probe = patterns.length == 0 ? null : new OverlapProbe(traces.chains(), patterns);
    this.values = new double[1 + patterns.length][traces.chains()];
    this.lastAt = startsAt;
  }

  /** Bytes a tracker of these dimensions holds. */
  public static long heapBytes(int chains, int patterns) {
    return 256 + ChainTraces.heapBytes(1 + patterns, chains) + 16L * (1 + patterns) * Math.min(chains,
        ChainTraces.MAX_CHAINS);
  }

  /** The overlaps the groups must compute and report, or null when no pattern is traced. */
  public OverlapProbe probe() {
    return probe;
  }

  /** Chains traced. */
  public int chains() {
    return traces.chains();
  }

  /**
   * Records the report of sampling groups (in chain order) at sweep {@code at}; see
   * {@link #observe(long, double, double[], double[], boolean)}.
   */
  public LiveDiagnostics observe(long at, double temperature, GroupReport[] reports, boolean last) {
    int m = traces.chains();
    int p = patterns.length;
    double[] energies = new double[m];
    double[] overlaps = new double[m * p];
    int e = 0;
    int o = 0;
    for (GroupReport g : reports) {
      GroupReport.Sweeps s = (GroupReport.Sweeps) g;
      int take = Math.min(m - e, s.energies().length);
      System.arraycopy(s.energies(), 0, energies, e, take);
      e += take;
      int more = Math.min(m * p - o, s.overlaps().length);
      System.arraycopy(s.overlaps(), 0, overlaps, o, more);
      o += more;
    }
    if (o != m * p) {
      throw new IllegalStateException("groups reported " + o + " overlaps, " + m * p + " expected");
    }
    return observe(at, temperature, energies, overlaps, last);
  }

  /**
   * Records the report at sweep {@code at} and returns the diagnostics, or null while the
   * energy's are undefined (fewer than {@value ConvergenceDiagnostics#MIN_LENGTH} points at this
   * temperature, or frozen chains).
   *
   * @param energies at least the traced chains' energies, in chain order
   * @param overlaps the traced chains' overlaps, chain-major ({@code [c·p + k]} for the k-th
   *     traced pattern), empty without patterns
   * @param last the session's last report (the diagnostics are then brought up to date)
   */
  public LiveDiagnostics observe(long at, double temperature, double[] energies, double[] overlaps, boolean last) {
    int m = traces.chains();
    int p = patterns.length;
    if (energies.length < m || overlaps.length != m * p) {
      throw new IllegalArgumentException("expected " + m + " energies and " + m * p + " overlaps (got "
          + energies.length + ", " + overlaps.length + ")");
    }
    System.arraycopy(energies, 0, values[0], 0, m);
    for (int c = 0; c < m; c++) {
      for (int k = 0; k < p; k++) {
        values[1 + k][c] = overlaps[c * p + k];
      }
    }
    traces.add(at, at - lastAt, temperature, values);
    lastAt = at;
    int length = traces.length();
    if (traces.generation() != diagnosedGeneration) {
      diagnosedGeneration = traces.generation();
      diagnosedAt = 0;
      diagnosed = null;
    }
    boolean grown = length - diagnosedAt >= Math.max(1, diagnosedAt / REDIAGNOSE_AFTER);
    if (length >= ConvergenceDiagnostics.MIN_LENGTH && length != diagnosedAt && (grown || last)) {
      diagnosedAt = length;
      diagnosed = new ConvergenceDiagnostics[1 + p];
      for (int k = 0; k <= p; k++) {
        diagnosed[k] = traces.diagnose(k);
      }
    }
    if (diagnosed == null || diagnosed[0] == null) {
      return null;
    }
    double perPoint = traces.sweepsPerPoint();
    List<LiveDiagnostics.Observable> shown = new ArrayList<>();
    for (int k = 0; k < p; k++) {
      if (diagnosed[1 + k] != null) {
        shown.add(observable(patterns[k], diagnosed[1 + k], perPoint, values[1 + k]));
      }
    }
    return new LiveDiagnostics(observable(-1, diagnosed[0], perPoint, values[0]), shown, traces.sinceSweep());
  }

  private static LiveDiagnostics.Observable observable(int pattern, ConvergenceDiagnostics d, double perPoint,
      double[] now) {
    double mean = 0;
    for (double x : now) {
      mean += x;
    }
    return new LiveDiagnostics.Observable(pattern, d, d.autocorrelationTime() * perPoint, mean / now.length);
  }
}
