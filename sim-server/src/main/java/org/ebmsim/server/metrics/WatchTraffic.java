package org.ebmsim.server.metrics;

/**
 * What watchers of sessions (conflated observers) were sent and what their buffers dropped,
 * told once per drained batch by whoever writes an observer's events to its client; implementations
 * must be thread-safe and cheap (a counter increment).
 */
public interface WatchTraffic {
  /** A drain wrote {@code sent} events to one observer; its buffer had dropped {@code dropped} more since the last report. */
  void drained(long sent, long dropped);

  /** Counts nothing (metrics off). */
  WatchTraffic NONE = (sent, dropped) -> { };
}
