package org.ebmsim.dynamics.sparse;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.sampling.ClampMask;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.SingleLayerKernel;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * Metropolis sampling of a ±J sparse network, 64 chains per {@code long} ({@link MultiSpinSweep}):
 * global chain g is bit g mod 64 of word g / 64. A batch of chains [first, first+n) holds every
 * word it touches (site-major within a word: {@code spins[w·N + i]}), updates only its own lanes
 * and draws from {@link LaneRandom} by global word, so a chain's trajectory is the same however the
 * chains are split into batches, and however a batch's update calls split it (parallel tempering's
 * runs of equal temperature).
 *
 * <p>The states live packed; the {@link #states()} view (bytes, chains × units) is unpacked when
 * it is asked for after an update, and packed back in {@link #prepare} (so a view the engine wrote
 * before preparing, e.g. a checkpoint's states, is what the chains continue from). Energies are
 * counted from the packed states when read, per word, exactly ({@code E = J(2U − M)} with U the
 * unsatisfied bonds, counted by a bit-sliced counter). The random bits are addressed, not drawn
 * from streams, so the states alone are a checkpoint ({@link #resumableAfter} is always true).
 *
 * <p>{@link #rowIndependent()} is false: updating one chain at a time would redo its whole word
 * each time, so the engine must update the batch sweep by sweep (the result does not depend on it).
 */
public final class MultiSpinKernel implements SingleLayerKernel {
  private static final SplittableRandom[] NO_STREAMS = new SplittableRandom[0];

  private final LayerShape shape;
  private final MultiSpinCouplings couplings;
  private final MultiSpinSweep sweep;
  private final int units;
  private final int chains;
  private final long firstChain;
  private final long firstWord; // global index of the first word touched
  private final int words;
  private final long seed;
  private final long[] spins; // words × units
  private final byte[] states; // the view's storage, chains × units
  private final LayerBlock view;
  private final ClampMask clamps;
  private final double[] energies;
  private final boolean[] energyStale; // per word
  private final long[] bondCounter = new long[64];
  private boolean viewStale;

  public MultiSpinKernel(LayerShape shape, MultiSpinCouplings couplings, KernelSetup setup) {
    this.shape = shape;
    this.couplings = couplings;
    this.sweep = new MultiSpinSweep(couplings);
    this.units = couplings.units();
    this.chains = setup.chains();
    this.firstChain = setup.firstChain();
    this.firstWord = firstChain >>> 6;
    this.words = (int) (((firstChain + chains - 1) >>> 6) - firstWord + 1);
    if ((long) words * units > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a batch of " + chains + " chains of " + units + " units holds more than"
          + " 2^31 packed words; split it");
    }
    this.seed = setup.seed();
    this.states = setup.initial().bytes();
    for (int k = 0; k < states.length; k++) {
      if (states[k] != -1 && states[k] != 1) {
        throw new IllegalArgumentException("initial state entries must be -1 or 1 (got " + states[k] + " at chain "
            + k / units + ", unit " + k % units + ")");
      }
    }
    this.spins = new long[words * units];
    this.view = LayerBlock.wrap(shape, chains, states);
    this.clamps = new ClampMask(units);
    this.energies = new double[chains];
    this.energyStale = new boolean[words];
    java.util.Arrays.fill(energyStale, true);
  }

  /** Bytes a batch of {@code chains} chains starting at global chain {@code first} packs its states into. */
  public static long packedBytes(long first, int chains, int units) {
    long words = ((first + chains - 1) >>> 6) - (first >>> 6) + 1;
    return 8L * words * units;
  }

  @Override
  public LayerShape shape() {
    return shape;
  }

  @Override
  public int chains() {
    return chains;
  }

  /** Packs chains [from, to) from the view. */
  @Override
  public void prepare(int from, int to) {
    if (viewStale) {
      unpack();
    }
    for (int c = from; c < to; c++) {
      long g = firstChain + c;
      int base = (int) ((g >>> 6) - firstWord) * units;
      long bit = 1L << (g & 63);
      int row = c * units;
      for (int i = 0; i < units; i++) {
        spins[base + i] = states[row + i] > 0 ? spins[base + i] | bit : spins[base + i] & ~bit;
      }
      energyStale[(int) ((g >>> 6) - firstWord)] = true;
    }
  }

  @Override
  public long update(int from, int to, long sweepIndex, double temperature) {
    if (from >= to) {
      return 0;
    }
    sweep.temperature(temperature);
    long gFrom = firstChain + from;
    long gTo = firstChain + to;
    boolean[] mask = clamps.mask();
    long flips = 0;
    for (long gw = gFrom >>> 6; gw <= (gTo - 1) >>> 6; gw++) {
      int w = (int) (gw - firstWord);
      long lanes = lanes(gw, gFrom, gTo);
      flips += sweep.sweep(spins, w * units, lanes, LaneRandom.wordKey(seed, gw, sweepIndex), mask);
      energyStale[w] = true;
    }
    viewStale = true;
    return flips;
  }

  /** Bits of global word gw that are chains in [gFrom, gTo). */
  static long lanes(long gw, long gFrom, long gTo) {
    long lo = Math.max(gFrom, gw << 6) - (gw << 6);
    long hi = Math.min(gTo, (gw << 6) + 64) - (gw << 6);
    long width = hi - lo;
    return width == 64 ? -1L : ((1L << width) - 1) << lo;
  }

  @Override
  public void addEnergies(int from, int to, double[] out) {
    if (from >= to) {
      return;
    }
    for (long gw = (firstChain + from) >>> 6; gw <= (firstChain + to - 1) >>> 6; gw++) {
      int w = (int) (gw - firstWord);
      if (energyStale[w]) {
        countEnergies(w);
        energyStale[w] = false;
      }
    }
    for (int c = from; c < to; c++) {
      out[c] += energies[c];
    }
  }

  /** Energies of this batch's chains in word w: U per lane by a bit-sliced counter over the bonds. */
  private void countEnergies(int w) {
    int[] start = couplings.rowStart();
    int[] cols = couplings.columns();
    byte[] signs = couplings.signs();
    long[] c = bondCounter;
    int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, couplings.edges()));
    java.util.Arrays.fill(c, 0, bits, 0);
    int base = w * units;
    for (int i = 0; i < units; i++) {
      long si = spins[base + i];
      for (int k = start[i], end = start[i + 1]; k < end; k++) {
        int j = cols[k];
        if (j > i) { // each bond once
          long carry = si ^ spins[base + j] ^ signs[k];
          for (int b = 0; carry != 0; b++) { // U ≤ M < 2^bits: the carry dies within the planes
            long next = c[b] & carry;
            c[b] ^= carry;
            carry = next;
          }
        }
      }
    }
    double jMag = couplings.magnitude();
    long m = couplings.edges();
    long g0 = (firstWord + w) << 6;
    int cFrom = (int) Math.max(0, g0 - firstChain);
    int cTo = (int) Math.min(chains, g0 + 64 - firstChain);
    for (int ch = cFrom; ch < cTo; ch++) {
      int lane = (int) ((firstChain + ch) & 63);
      long u = 0;
      for (int b = 0; b < bits; b++) {
        u |= ((c[b] >>> lane) & 1) << b;
      }
      energies[ch] = jMag * (2 * u - m);
    }
  }

  /** The live states; unpacked from the packed words if they changed since last asked. */
  @Override
  public LayerBlock states() {
    if (viewStale) {
      unpack();
    }
    return view;
  }

  private void unpack() {
    for (int c = 0; c < chains; c++) {
      long g = firstChain + c;
      int base = (int) ((g >>> 6) - firstWord) * units;
      int lane = (int) (g & 63);
      int row = c * units;
      for (int i = 0; i < units; i++) {
        states[row + i] = (byte) ((((spins[base + i] >>> lane) & 1) << 1) - 1);
      }
    }
    viewStale = false;
  }

  @Override
  public int freeUnits() {
    return clamps.free();
  }

  @Override
  public void clamp(int unit, double value) {
    if (viewStale) {
      unpack();
    }
    byte v = (byte) value;
    for (int c = 0; c < chains; c++) {
      states[c * units + unit] = v;
    }
    long word = v > 0 ? -1L : 0L;
    for (int w = 0; w < words; w++) {
      spins[w * units + unit] = word;
    }
    java.util.Arrays.fill(energyStale, true);
    clamps.clamp(unit);
  }

  @Override
  public void release(int unit) {
    clamps.release(unit);
  }

  @Override
  public boolean rowIndependent() {
    return false;
  }

  /** None: the random bits are addressed by (seed, word, sweep, site), so there is no stream state. */
  @Override
  public SplittableRandom[] randomStreams() {
    return NO_STREAMS;
  }

  @Override
  public boolean resumableAfter(long sweeps) {
    return true;
  }
}
