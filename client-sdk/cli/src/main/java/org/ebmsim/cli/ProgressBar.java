package org.ebmsim.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr for long sessions, redrawn in place with {@code \r}.
 *
 * <p>Nothing is drawn during the first {@code delay} of a session, so short sessions leave
 * no trace; after that it redraws at most every {@code 100 ms}, below a {@link #header} line
 * printed once when drawing starts (e.g. the session id, for steering it from elsewhere).
 * {@link #note} prints a line of its own without garbling the bar. Call {@link #finish()}
 * before printing anything else to end the line.
 */
final class ProgressBar {
  static final long DEFAULT_DELAY_NANOS = 500_000_000L;
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 30;

  private final PrintStream err;
  private String unit;
  private final LongSupplier clock;
  private final long start;
  private final long delayNanos;
  private long lastDraw = Long.MIN_VALUE;
  private int lastLength;
  private boolean drawn;
  private String header;

  /** A bar counting sweeps. */
  ProgressBar(PrintStream err) {
    this(err, "sweeps");
  }

  /** A bar counting {@code unit}, e.g. {@code temperatures}. */
  ProgressBar(PrintStream err, String unit) {
    this(err, unit, System::nanoTime, DEFAULT_DELAY_NANOS);
  }

  ProgressBar(PrintStream err, LongSupplier nanoClock, long delayNanos) {
    this(err, "sweeps", nanoClock, delayNanos);
  }

  ProgressBar(PrintStream err, String unit, LongSupplier nanoClock, long delayNanos) {
    this.err = err;
    this.unit = unit;
    this.clock = nanoClock;
    this.start = nanoClock.getAsLong();
    this.delayNanos = delayNanos;
  }

  /** What the bar counts from now on, e.g. {@code temperatures}. */
  void unit(String unit) {
    this.unit = unit;
  }

  /** A line printed once, above the bar, when the bar is first drawn; null for none. */
  void header(String line) {
    this.header = line;
  }

  /** Prints {@code line} on a line of its own now; the bar is redrawn below it at the next update. */
  void note(String line) {
    clear();
    err.println(line);
    err.flush();
  }

  /**
   * Erases the bar's line, e.g. before a line goes to stdout on the same terminal; the bar is
   * redrawn below it at the next update.
   */
  void clear() {
    if (drawn) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
      drawn = false;
      lastLength = 0;
    }
  }

  /** Reports {@code done} of {@code total} units (total 0 if unknown) with a detail text. */
  void update(long done, long total, String detail) {
    long now = clock.getAsLong();
    if (now - start < delayNanos) {
      return;
    }
    if (drawn && now - lastDraw < REDRAW_NANOS && done < total) {
      return;
    }
    if (header != null) {
      err.println(header);
      header = null;
    }
    String line = render(done, total, unit, detail);
    // Pad with blanks so a shorter line fully covers the previous one.
    String pad = " ".repeat(Math.max(0, lastLength - line.length()));
    err.print("\r" + line + pad);
    err.flush();
    lastLength = line.length();
    lastDraw = now;
    drawn = true;
  }

  /** Ends the bar's line if one was drawn. */
  void finish() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }

  /** {@code [#######-------]  120/1000 sweeps  detail}; without a total, only the count. */
  static String render(long done, long total, String detail) {
    return render(done, total, "sweeps", detail);
  }

  /** As {@link #render(long, long, String)}, counting {@code unit}. */
  static String render(long done, long total, String unit, String detail) {
    StringBuilder sb = new StringBuilder();
    if (total > 0) {
      long filled = Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
      sb.append('[')
          .append("#".repeat((int) filled))
          .append("-".repeat(BAR_WIDTH - (int) filled))
          .append("] ")
          .append(String.format(Locale.ROOT, "%3d%% ", Math.min(100, done * 100 / total)))
          .append(done)
          .append('/')
          .append(total);
    } else {
      sb.append(done);
    }
    sb.append(' ').append(unit);
    if (detail != null && !detail.isEmpty()) {
      sb.append("  ").append(detail);
    }
    return sb.toString();
  }
}
