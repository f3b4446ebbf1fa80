package org.ebmsim.load.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU times from Linux's /proc: a process's user + system time, and the whole machine's busy
 * time. /proc reports both in USER_HZ ticks, which Linux fixes at 100 per second for user space.
 */
final class ProcStat {
  private static final double TICKS_PER_SECOND = 100;

  private ProcStat() {}

  /** CPU-seconds process {@code pid} has used (user + system), or NaN if it cannot be read. */
  static double processCpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name (field 2) is in parentheses and may hold spaces: count from after it
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // fields 14 and 15
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Seconds every core of this machine has been busy (not idle, not waiting for I/O), or NaN. */
  static double machineBusySeconds() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0); // "cpu user nice system idle iowait ..."
      String[] f = cpu.trim().split(" +");
      long total = 0;
      for (int k = 1; k < f.length; k++) {
        total += Long.parseLong(f[k]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return (total - idle) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The 1-minute load average, or NaN. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
