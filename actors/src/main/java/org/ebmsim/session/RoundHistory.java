package org.ebmsim.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A session's log of the per-chain temperatures it ordered, round by round, for sessions whose
 * orders depend on the last round's reports (parallel tempering). A chain group rebuilt from its
 * checkpoint on another node replays the rounds since that checkpoint from this log
 * ({@link ReplayRounds}), so its chains run every sweep at the temperature they ran at before.
 *
 * <p>Bounded: rounds every group has checkpointed past are dropped ({@link #dropThrough}), and at
 * most {@code capRounds} rounds are held (the oldest go first); the session's memory estimate
 * charges the cap ({@link #bytes(int, int)}). Each round is stored as one int per chain, an index
 * into the round's distinct temperatures (shared with the previous round while they are the same).
 */
public final class RoundHistory {
  private record Round(long from, long to, double[] palette, int[] index) {}

  private final ArrayDeque<Round> rounds = new ArrayDeque<>();
  private final int capRounds;
  private double[] lastPalette;
  /** The earliest sweep from which every round is still held. */
  private long keptFrom;

  /**
   * @param startsAt the session's first sweep
   * @param capRounds the most rounds held
   */
  public RoundHistory(long startsAt, int capRounds) {
    if (capRounds < 1) {
      throw new IllegalArgumentException("capRounds must be >= 1 (got " + capRounds + ")");
    }
    this.capRounds = capRounds;
    this.keptFrom = startsAt;
  }

  /** Bytes held by {@code rounds} rounds of {@code chains} chains (an upper bound: a palette per round). */
  public static long bytes(int chains, int rounds) {
    return (long) rounds * (12L * chains + 96);
  }

  /**
   * The most rounds between two checkpoints of a group that checkpoints at the first round end at
   * least {@code checkpointEvery} sweeps past the last one where its kernels resume exactly (a
   * multiple of {@code resumeEvery}, which every multiple of {@code lcm(swapInterval, resumeEvery)}
   * is, a swap boundary ending a round): that span is at most {@code checkpointEvery + lcm}
   * sweeps, cut into rounds at every swap and every report boundary.
   */
  public static int roundsBetweenCheckpoints(long checkpointEvery, long resumeEvery, long swapInterval,
      long reportEvery) {
    long lcm = swapInterval / gcd(swapInterval, resumeEvery) * resumeEvery;
    long span = checkpointEvery + lcm;
    long rounds = span / swapInterval + span / Math.max(1, reportEvery) + 2;
    return (int) Math.min(Integer.MAX_VALUE, rounds);
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Logs the round {@code from .. to} run at {@code chainTemperatures} (by global chain index). */
  public void add(long from, long to, double[] chainTemperatures) {
    double[] palette = distinct(chainTemperatures);
    if (lastPalette != null && Arrays.equals(palette, lastPalette)) {
      palette = lastPalette;
    }
    lastPalette = palette;
    int[] index = new int[chainTemperatures.length];
    for (int c = 0; c < index.length; c++) {
      index[c] = Arrays.binarySearch(palette, chainTemperatures[c]);
    }
    rounds.add(new Round(from, to, palette, index));
    while (rounds.size() > capRounds) {
      keptFrom = rounds.poll().to();
    }
  }

  private static double[] distinct(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (n == 0 || Double.compare(sorted[i], sorted[n - 1]) != 0) {
        sorted[n++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, n);
  }

  /** Forgets the rounds that end at or before {@code sweep} (every group has a checkpoint there or later). */
  public void dropThrough(long sweep) {
    while (!rounds.isEmpty() && rounds.peek().to() <= sweep) {
      keptFrom = rounds.poll().to();
    }
  }

  /** Rounds held. */
  public int size() {
    return rounds.size();
  }

  /** The earliest sweep from which every round is held (a group behind it cannot be replayed). */
  public long keptFrom() {
    return keptFrom;
  }

  /**
   * The held rounds that start at or after {@code since} and end at or before {@code until}, for
   * chains {@code firstChain .. firstChain+chains−1}.
   */
  public ReplayRounds forChains(long firstChain, int chains, long since, long until) {
    List<Round> picked = new ArrayList<>();
    for (Round r : rounds) {
      if (r.from() >= since && r.to() <= until) {
        picked.add(r);
      }
    }
    long[] bounds = new long[picked.size() + 1];
    int[] paletteOf = new int[picked.size()];
    int[] levels = new int[picked.size() * chains];
    List<double[]> palettes = new ArrayList<>();
    int first = (int) firstChain;
    Iterator<Round> it = picked.iterator();
    for (int k = 0; it.hasNext(); k++) {
      Round r = it.next();
      bounds[k] = r.from();
      bounds[k + 1] = r.to();
      if (palettes.isEmpty() || palettes.get(palettes.size() - 1) != r.palette()) {
        palettes.add(r.palette());
      }
      paletteOf[k] = palettes.size() - 1;
      System.arraycopy(r.index(), first, levels, k * chains, chains);
    }
    if (picked.isEmpty()) {
      bounds[0] = since;
    }
    return new ReplayRounds(bounds, palettes.toArray(new double[0][]), paletteOf, levels);
  }
}
