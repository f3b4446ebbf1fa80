package org.ebmsim.actor;

import com.typesafe.config.Config;
import java.time.Duration;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.session.GroupSizing;

/**
 * Engine settings from {@code ebmsim.engine} (reference.conf documents each key).
 *
 * @param sliceNanos work an actor does per turn before it yields its thread (so a stop is seen
 *     within about this time, whatever the model size)
 * @param nativeBlas matrix products through OpenBLAS (else the pure-Java GEMM)
 * @param observerEvents events an observer's buffer holds before it drops the oldest progress
 * @param observerBytes bytes of states an observer's buffer holds before it drops the oldest progress
 * @param maxDetached longest a detached session may run
 * @param retention how long a finished session's result stays retrievable
 * @param attachTimeout how long a session waits for its owner stream to attach before it gives up
 */
public record EngineSettings(long sliceNanos, GroupSizing sizing, boolean nativeBlas, int observerEvents,
    long observerBytes, Duration maxDetached, Duration retention, Duration attachTimeout) {

  public static EngineSettings from(Config config) {
    Config e = config.getConfig("ebmsim.engine");
    return new EngineSettings(e.getDuration("slice").toNanos(),
        new GroupSizing(e.getInt("single-site-chains-per-group"), e.getInt("max-groups"),
            e.getInt("blas-chains-per-group"), e.getInt("ais-chains-per-group")),
        !"java".equals(e.getString("blas")), e.getInt("observer-buffer-events"),
        e.getBytes("observer-buffer-bytes"), e.getDuration("max-detached-duration"),
        e.getDuration("result-retention"), e.getDuration("attach-timeout"));
  }

  /** Defaults for tests: 20 ms slices, 16 single-site chains per group up to 16 groups, 100 BLAS/AIS chains. */
  public static EngineSettings defaults() {
    return new EngineSettings(20_000_000L, new GroupSizing(16, 16, 100, 100), true, 32, 16L << 20,
        Duration.ofHours(24), Duration.ofHours(1), Duration.ofSeconds(30));
  }

  /** These settings with other group sizes. */
  public EngineSettings withSizing(GroupSizing sizing) {
    return new EngineSettings(sliceNanos, sizing, nativeBlas, observerEvents, observerBytes, maxDetached, retention,
        attachTimeout);
  }

  /** These settings with native BLAS on or off. */
  public EngineSettings withNativeBlas(boolean on) {
    return new EngineSettings(sliceNanos, sizing, on, observerEvents, observerBytes, maxDetached, retention,
        attachTimeout);
  }

  /** These settings with another time slice. */
  public EngineSettings withSlice(Duration slice) {
    return new EngineSettings(slice.toNanos(), sizing, nativeBlas, observerEvents, observerBytes, maxDetached,
        retention, attachTimeout);
  }

  /** These settings with another observer buffer (events, bytes). */
  public EngineSettings withObserverBuffer(int events, long bytes) {
    return new EngineSettings(sliceNanos, sizing, nativeBlas, events, bytes, maxDetached, retention, attachTimeout);
  }

  /** These settings with another detached time limit and attach timeout. */
  public EngineSettings withTimeouts(Duration maxDetached, Duration attachTimeout) {
    return new EngineSettings(sliceNanos, sizing, nativeBlas, observerEvents, observerBytes, maxDetached, retention,
        attachTimeout);
  }

  /** The matrix-product implementation these settings ask for (OpenBLAS on one thread, or Java). */
  public Gemm gemm() {
    return nativeBlas ? Gemm.nativeOrFallback(1) : Gemm.javaFallback();
  }
}
