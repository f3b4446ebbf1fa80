package org.ebmsim.cli.plot;

import org.ebmsim.proto.v1.SessionEvent;
import org.jfree.chart.JFreeChart;

/**
 * The series of one kind of run, gathered from its session's events as they arrive, and the
 * chart they make. Events of other kinds are ignored.
 */
public interface RunCurves {
  /** Adds what {@code event} says to the series (progress events; others are ignored). */
  void accept(SessionEvent event);

  /** Whether no point has been gathered yet (a run that ended before its first progress event). */
  boolean isEmpty();

  /** The chart of the series gathered so far, titled {@code title}. */
  JFreeChart chart(String title);
}
