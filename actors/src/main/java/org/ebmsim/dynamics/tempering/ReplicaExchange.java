package org.ebmsim.dynamics.tempering;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;

/**
 * The temperature assignment of {@code ladders} independent replica sets of {@code levels}
 * temperatures each ({@code levels × ladders} chains), and its swap rounds. Temperatures are
 * permuted among chains, never states: chain {@code m·K + j} always belongs to ladder m, and
 * {@link #levelOf} says which of the ladder's temperatures it runs at (level 0 is the coldest).
 * Each ladder draws its swap decisions from its own stream ({@link ChainRandom#STREAM_REPLICA_SWAP}
 * keyed by ladder index), so results depend on the seed only.
 *
 * <p>Order of calls: {@link #swapRound} after every s sweeps with every chain's energy (the joint
 * energy of its whole state, see {@code TemperingEnergy}); read statistics at will;
 * {@link #setTemperatures} to re-place the ladder (adaptive schedule). A replica is a chain; its
 * round trip is a visit to the coldest level, then the hottest, then the coldest again.
 * Mutable, one owner.
 */
public final class ReplicaExchange {
  private static final byte NOT_YET = 0; // never at the coldest level yet
  private static final byte RISING = 1; // left the coldest level, hottest not reached
  private static final byte FALLING = 2; // reached the hottest level after the coldest

  private final int levels;
  private final int ladders;
  private final SwapScheme scheme;
  private final SplittableRandom[] rngs;
  private final int[] chainAt;
  private final int[] levelOf;
  private final byte[] heading;
  private final long[] tripsPerLadder;
  private double[] temperatures;
  private double[] betas;
  private long rounds;
  private long roundTrips;
  private final SwapStatistics cumulative;
  private final SwapStatistics sinceReport;
  private final SwapStatistics sinceLadder;

  /**
   * @param temperatures K ≥ 2 temperatures, strictly ascending (level 0 coldest), finite and > 0
   */
  public ReplicaExchange(double[] temperatures, int ladders, SwapScheme scheme, long seed) {
    if (temperatures.length < 2) {
      throw new IllegalArgumentException("a ladder needs at least 2 temperatures (got " + temperatures.length + ")");
    }
    if (ladders < 1) {
      throw new IllegalArgumentException("ladders must be >= 1 (got " + ladders + ")");
    }
    this.levels = temperatures.length;
    this.ladders = ladders;
    this.scheme = scheme;
    this.rngs = ChainRandom.forChains(seed, ChainRandom.STREAM_REPLICA_SWAP, 0, ladders);
    int chains = Math.multiplyExact(levels, ladders);
    this.chainAt = new int[chains];
    this.levelOf = new int[chains];
    this.heading = new byte[chains];
    for (int c = 0; c < chains; c++) {
      chainAt[c] = c;
      levelOf[c] = c % levels;
      heading[c] = levelOf[c] == 0 ? RISING : NOT_YET;
    }
    this.tripsPerLadder = new long[ladders];
    this.cumulative = new SwapStatistics(levels - 1);
    this.sinceReport = new SwapStatistics(levels - 1);
    this.sinceLadder = new SwapStatistics(levels - 1);
    setTemperatures(temperatures);
  }

  /** Replaces the ladder's temperatures (chains keep their levels); starts a new {@link #sinceLadderChange} window. */
  public void setTemperatures(double[] ascending) {
    if (ascending.length != levels) {
      throw new IllegalArgumentException("need " + levels + " temperatures (got " + ascending.length + ")");
    }
    for (int k = 0; k < levels; k++) {
      double t = ascending[k];
      if (!(t > 0) || !Double.isFinite(t) || (k > 0 && !(t > ascending[k - 1]))) {
        throw new IllegalArgumentException("temperatures must be finite, > 0 and strictly ascending (got "
            + java.util.Arrays.toString(ascending) + ")");
      }
    }
    temperatures = ascending.clone();
    betas = new double[levels];
    for (int k = 0; k < levels; k++) {
      betas[k] = 1 / temperatures[k];
    }
    sinceLadder.reset();
  }

  public int levels() {
    return levels;
  }

  public int ladders() {
    return ladders;
  }

  public int chains() {
    return chainAt.length;
  }

  public SwapScheme scheme() {
    return scheme;
  }

  /** The ladder's temperatures, ascending (a copy). */
  public double[] temperatures() {
    return temperatures.clone();
  }

  /** Every chain's current temperature, by global chain index. */
  public double[] chainTemperatures() {
    double[] out = new double[chainAt.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = temperatures[levelOf[c]];
    }
    return out;
  }

  /** The level (0 = coldest) chain {@code chain} runs at. */
  public int levelOf(int chain) {
    return levelOf[chain];
  }

  /** The chain that runs at {@code level} of ladder {@code ladder}. */
  public int chainAt(int ladder, int level) {
    return chainAt[ladder * levels + level];
  }

  /** Swap rounds done. */
  public long rounds() {
    return rounds;
  }

  /** Round trips completed by all replicas of all ladders. */
  public long roundTrips() {
    return roundTrips;
  }

  /** Round trips completed by the replicas of ladder {@code ladder}. */
  public long roundTrips(int ladder) {
    return tripsPerLadder[ladder];
  }

  public SwapStatistics cumulative() {
    return cumulative;
  }

  public SwapStatistics sinceReport() {
    return sinceReport;
  }

  /** Swaps since the temperatures were last set: what the barrier and the adaptive schedule use. */
  public SwapStatistics sinceLadderChange() {
    return sinceLadder;
  }

  /** Starts a new {@link #sinceReport} window. */
  public void startReportWindow() {
    sinceReport.reset();
  }

  /**
   * One swap round on every ladder: the scheme's pairs (k, k+1) are proposed, each accepted with
   * probability {@code min(1, exp((β_k − β_{k+1})(E_a − E_b)))} where chain a runs at level k and
   * b at k+1; an accepted swap exchanges their levels. Then round trips are counted.
   *
   * @param energies every chain's energy, by global index (read only)
   */
  public void swapRound(double[] energies) {
    if (energies.length != chainAt.length) {
      throw new IllegalArgumentException("need " + chainAt.length + " energies (got " + energies.length + ")");
    }
    for (int m = 0; m < ladders; m++) {
      SplittableRandom rng = rngs[m];
      int parity = scheme == SwapScheme.NON_REVERSIBLE ? (int) (rounds & 1) : (rng.nextBoolean() ? 1 : 0);
      int base = m * levels;
      for (int k = parity; k + 1 < levels; k += 2) {
        int a = chainAt[base + k];
        int b = chainAt[base + k + 1];
        double log = (betas[k] - betas[k + 1]) * (energies[a] - energies[b]);
        double alpha = log >= 0 ? 1 : Math.exp(log); // NaN energies give NaN: never accepted
        boolean accept = rng.nextDouble() < alpha;
        if (Double.isNaN(alpha)) {
          alpha = 0;
        }
        cumulative.record(k, alpha, accept);
        sinceReport.record(k, alpha, accept);
        sinceLadder.record(k, alpha, accept);
        if (accept) {
          chainAt[base + k] = b;
          chainAt[base + k + 1] = a;
          levelOf[a] = k + 1;
          levelOf[b] = k;
        }
      }
      for (int k = 0; k < levels; k++) {
        int c = chainAt[base + k];
        if (k == 0) {
          if (heading[c] == FALLING) {
            roundTrips++;
            tripsPerLadder[m]++;
          }
          heading[c] = RISING;
        } else if (k == levels - 1 && heading[c] == RISING) {
          heading[c] = FALLING;
        }
      }
    }
    rounds++;
  }

  /**
   * Re-places the ladder so every neighbour pair gets an equal share of the barrier estimated
   * since the last change ({@link CommunicationBarrier#equalize}), keeping both ends. Does nothing
   * until every pair has been proposed.
   *
   * @return true if the temperatures were re-placed
   */
  public boolean equalizeRejections() {
    if (!sinceLadder.complete()) {
      return false;
    }
    double[] newBetas = CommunicationBarrier.equalize(betas, sinceLadder.rejection());
    double[] t = new double[levels];
    for (int k = 0; k < levels; k++) {
      t[k] = 1 / newBetas[k];
    }
    t[0] = temperatures[0]; // exactly the requested ends, not 1/(1/T)
    t[levels - 1] = temperatures[levels - 1];
    for (int k = 1; k < levels; k++) {
      if (!(t[k] > t[k - 1])) { // a zero-rejection stretch can collapse points: keep the ladder
        sinceLadder.reset();
        return false;
      }
    }
    setTemperatures(t);
    return true;
  }
}
