package org.ebmsim.session;

/**
 * The rounds a session ordered of one chain group since the group's last checkpoint (as far as the
 * session knows it), with the temperature each of the group's chains ran at in each round: what a
 * group rebuilt from a checkpoint needs to replay its missed rounds exactly when those temperatures
 * came from the rounds' reports (parallel tempering), not from a schedule.
 *
 * <p>Compact for the wire: a round's temperatures are indices into a palette of its distinct
 * values (a tempering ladder: K values, shared by every round until the ladder changes), so a
 * round costs one small integer per chain.
 *
 * @param bounds round r runs sweeps {@code bounds[r] .. bounds[r+1]} (rounds + 1 entries, ascending)
 * @param palettes the distinct temperature sets
 * @param paletteOf per round: the index of its palette
 * @param levels per round, per local chain (round-major): the index of the chain's temperature in
 *     the round's palette
 */
public record ReplayRounds(long[] bounds, double[][] palettes, int[] paletteOf, int[] levels)
    implements ClusterSerializable {

  public int rounds() {
    return paletteOf.length;
  }

  public long from(int round) {
    return bounds[round];
  }

  public long to(int round) {
    return bounds[round + 1];
  }

  /** The temperature of each of the group's {@code chains} chains in round {@code round}. */
  public double[] temperatures(int round, int chains) {
    double[] palette = palettes[paletteOf[round]];
    double[] out = new double[chains];
    for (int c = 0; c < chains; c++) {
      out[c] = palette[levels[round * chains + c]];
    }
    return out;
  }

  /**
   * The first round starting at {@code sweep}, provided the rounds from there run without a gap to
   * {@code until}; −1 otherwise (the session no longer holds what a group at {@code sweep} needs).
   */
  public int firstFrom(long sweep, long until) {
    int rounds = rounds();
    for (int r = 0; r < rounds; r++) {
      if (bounds[r] == sweep) {
        for (int k = r; k < rounds; k++) {
          if (bounds[k + 1] == until) {
            return r;
          }
        }
        return -1;
      }
    }
    return -1;
  }
}
