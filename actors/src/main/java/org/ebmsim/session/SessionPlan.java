package org.ebmsim.session;

import org.ebmsim.dynamics.Schedule;

/**
 * What a session runs and how it reports, independent of how its chains are spread over actors.
 *
 * <p>The session actor calls, in order: the setup accessors; then repeatedly
 * {@link #nextReport}, {@link #sampleChains}, (chains advance), {@link #stopEarly},
 * {@link #progress}; finally {@link #resultChains} and {@link #result}. A plan may keep state
 * between these calls; it is used by one actor only.
 */
public interface SessionPlan {
  SessionModel model();

  /** Number of chains, ≥ 1. */
  int chains();

  long seed();

  SamplerKind sampler();

  /** Temperature of every sweep; its total sweeps is the session's maximum length. */
  Schedule schedule();

  /** Units (over all units) that never change, or {@code null}. */
  boolean[] clamped();

  /** Starting states of chains {@code firstChain .. firstChain+count-1} (count × units). */
  byte[] initialStates(int firstChain, int count);

  /** Completed-sweep count from which states enter the +1 averages. */
  long averageFromSweep();

  /** The next sweep count (> {@code sweep}, ≤ total) at which to report. */
  long nextReport(long sweep);

  /** Global indices of the chains whose states the report at {@code reportSweep} needs. */
  int[] sampleChains(long reportSweep);

  /** Whether {@link #stopEarly} can ever return true (then chains never run ahead of reports). */
  default boolean mayStopEarly() {
    return false;
  }

  /** True when the run should end at this report (e.g. every chain reached a fixed point). */
  boolean stopEarly(SweepReport report);

  SessionEvent progress(SweepReport report);

  /** Global indices of the chains whose best and final states the result needs. */
  int[] resultChains();

  SessionEvent result(FinalReport report);
}
