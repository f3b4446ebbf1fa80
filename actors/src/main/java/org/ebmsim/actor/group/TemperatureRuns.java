package org.ebmsim.actor.group;

import org.ebmsim.dynamics.sampling.LayerKernel;

/**
 * Updates a batch whose chains may run at different temperatures (parallel tempering): one
 * {@link LayerKernel#update} per run of consecutive chains with equal temperature. Kernels draw
 * from per-chain streams and honour chain ranges, so a chain's trajectory is the same however
 * the runs fall.
 */
final class TemperatureRuns {
  private TemperatureRuns() {}

  /**
   * Updates chains {@code [from, to)} once.
   *
   * @param perChain local chain temperatures (index = local chain), or null: all at {@code uniform}
   * @return units changed
   */
  static long update(LayerKernel kernel, int from, int to, long sweep, double uniform, double[] perChain) {
    if (perChain == null) {
      return kernel.update(from, to, sweep, uniform);
    }
    long flips = 0;
    int start = from;
    while (start < to) {
      int end = start + 1;
      while (end < to && Double.compare(perChain[end], perChain[start]) == 0) {
        end++;
      }
      flips += kernel.update(start, end, sweep, perChain[start]);
      start = end;
    }
    return flips;
  }
}
