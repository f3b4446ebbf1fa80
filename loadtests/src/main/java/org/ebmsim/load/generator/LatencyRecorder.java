package org.ebmsim.load.generator;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded from many threads into an HdrHistogram {@link Recorder} (microseconds, three
 * significant digits, any range): {@link #restart} drops what the warm-up recorded, {@link #stats}
 * summarizes what came since.
 */
final class LatencyRecorder {
  private final Recorder recorder = new Recorder(3);

  void recordNanos(long nanos) {
    recorder.recordValue(Math.max(0, nanos / 1000));
  }

  /** Forgets everything recorded so far. */
  void restart() {
    recorder.getIntervalHistogram();
  }

  /** Count, mean, p50, p99 and max in milliseconds of what was recorded since the last restart. */
  LoadSummary.Latency stats() {
    Histogram h = recorder.getIntervalHistogram();
    if (h.getTotalCount() == 0) {
      return new LoadSummary.Latency(0, 0, 0, 0, 0);
    }
    return new LoadSummary.Latency(h.getTotalCount(), h.getMean() / 1000, h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
  }
}
