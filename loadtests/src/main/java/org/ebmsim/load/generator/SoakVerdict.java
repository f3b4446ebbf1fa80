package org.ebmsim.load.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * The soak's verdict from its end readings: the heap did not grow from the first window to the
 * last by more than the slack, every actor of the engine stopped and no session is left running
 * or paused (both read after the settle time), and no call got a status a client of a healthy
 * server should not see.
 */
final class SoakVerdict {
  private SoakVerdict() {}

  /**
   * @param heapFirst heap in the first window (bytes, summed over servers); negative if unknown
   * @param heapLast heap in the last window, measured the same way
   * @param callViolations what the clients saw go wrong
   * @return the violations; empty means pass
   */
  static List<String> judge(long heapFirst, long heapLast, long slack, long liveActorsAfter, int sessionsLeft,
      List<String> callViolations) {
    List<String> v = new ArrayList<>(callViolations);
    if (heapFirst < 0 || heapLast < 0) {
      v.add("the heap could not be read in the first or last window");
    } else if (heapLast - heapFirst > slack) {
      v.add(String.format("heap grew from %d MiB (first window) to %d MiB (last window), more than the %d MiB slack",
          heapFirst >> 20, heapLast >> 20, slack >> 20));
    }
    if (liveActorsAfter != 0) {
      v.add(liveActorsAfter + " engine actors still alive after every session ended");
    }
    if (sessionsLeft != 0) {
      v.add(sessionsLeft + " sessions still running or paused in the registry after the load");
    }
    return v;
  }
}
