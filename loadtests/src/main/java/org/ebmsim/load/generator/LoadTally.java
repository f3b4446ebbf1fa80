package org.ebmsim.load.generator;

import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the sessions and the unary calls of a run add up to, shared by every client thread:
 * counters (snapshotted at the start and end of the measured window), latency recorders, the
 * final status of every call, and in soak mode how sessions ended and what went wrong.
 */
final class LoadTally {
  final AtomicLong chainSweeps = new AtomicLong();
  final AtomicLong events = new AtomicLong();
  final AtomicLong sessionsStarted = new AtomicLong();
  final AtomicLong sessionsFinished = new AtomicLong();
  final AtomicLong unaryCalls = new AtomicLong();
  final AtomicLong unaryFailed = new AtomicLong();
  final LatencyRecorder eventInterArrival = new LatencyRecorder();
  final LatencyRecorder firstEvent = new LatencyRecorder();
  final LatencyRecorder getModel = new LatencyRecorder();
  final LatencyRecorder listSessions = new LatencyRecorder();
  private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> endings = new ConcurrentHashMap<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();

  /** Counts a call of {@code what} that ended with {@code code}. */
  void outcome(String what, Status.Code code) {
    outcomes.computeIfAbsent(what + " " + code, k -> new AtomicLong()).incrementAndGet();
  }

  void ending(String how) {
    endings.computeIfAbsent(how, k -> new AtomicLong()).incrementAndGet();
  }

  void violation(String what) {
    if (violations.size() < 100) { // the first ones say what is wrong; thousands would only repeat them
      violations.add(what);
    }
  }

  Map<String, Long> outcomes() {
    return snapshot(outcomes);
  }

  Map<String, Long> endings() {
    return snapshot(endings);
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  /** The counters at one moment: chain-sweeps, events, sessions started and finished, unary calls and failures. */
  long[] counters() {
    return new long[] {chainSweeps.get(), events.get(), sessionsStarted.get(), sessionsFinished.get(),
        unaryCalls.get(), unaryFailed.get()};
  }

  /** Drops the latencies recorded so far (the warm-up's). */
  void restartLatencies() {
    eventInterArrival.restart();
    firstEvent.restart();
    getModel.restart();
    listSessions.restart();
  }

  private static Map<String, Long> snapshot(Map<String, AtomicLong> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
