package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.blas.FloatMatrix;

/**
 * The state of a batch of RBM chains with global indices {@code firstChain .. firstChain+chains−1}:
 * visible and hidden states (chains × units, float32), one random stream per chain and layer
 * (keyed by seed, layer and global chain index through {@link ChainRandom}, so chain c draws the
 * same numbers in any batch), the visible clamp, and a field buffer reused by
 * {@link BlockGibbsSampler#sweep}. Mutable, not thread-safe: one owner advances it.
 */
public final class GibbsChains {
  /** Stream id of the visible layer's noise: {@code STREAM_LAYER_BASE + 0}. */
  public static final long VISIBLE_STREAM = ChainRandom.STREAM_LAYER_BASE;
  /** Stream id of the hidden layer's noise: {@code STREAM_LAYER_BASE + 1}. */
  public static final long HIDDEN_STREAM = ChainRandom.STREAM_LAYER_BASE + 1;

  private final long firstChain;
  private final FloatMatrix visible;
  private final FloatMatrix hidden;
  private final FloatMatrix visibleField;
  private final SplittableRandom[] visibleRngs;
  private final SplittableRandom[] hiddenRngs;
  private VisibleClamp clamp = VisibleClamp.none();
  private long sweeps;

  private GibbsChains(Rbm rbm, long seed, long firstChain, FloatMatrix visible) {
    int chains = visible.rows();
    this.firstChain = firstChain;
    this.visible = visible;
    this.hidden = FloatMatrix.zeros(chains, rbm.hiddenUnits());
    this.visibleField = FloatMatrix.zeros(chains, rbm.visibleUnits());
    this.visibleRngs = ChainRandom.forChains(seed, VISIBLE_STREAM, firstChain, chains);
    this.hiddenRngs = ChainRandom.forChains(seed, HIDDEN_STREAM, firstChain, chains);
  }

  /**
   * Chains started from independent random visible states (uniform over {0,1} or {−1,+1};
   * {@code N(b, σ²)} for Gaussian visible units), drawn from stream
   * {@link ChainRandom#STREAM_INITIAL_STATE}.
   *
   * @throws IllegalArgumentException if {@code chains < 1} or {@code firstChain < 0}
   */
  public static GibbsChains random(Rbm rbm, long seed, long firstChain, int chains) {
    if (chains < 1) {
      throw new IllegalArgumentException("chains must be >= 1 (got " + chains + ")");
    }
    checkFirst(firstChain);
    FloatMatrix v = FloatMatrix.zeros(chains, rbm.visibleUnits());
    for (int c = 0; c < chains; c++) {
      rbm.randomVisible(ChainRandom.forChain(seed, ChainRandom.STREAM_INITIAL_STATE, firstChain + c), v.data(),
          c * rbm.visibleUnits());
    }
    return new GibbsChains(rbm, seed, firstChain, v);
  }

  /**
   * Chains started from the given visible states (copied; rows = chains).
   *
   * @throws IllegalArgumentException if the columns do not match the model or there are no rows
   */
  public static GibbsChains fromVisible(Rbm rbm, long seed, long firstChain, FloatMatrix visible) {
    Checks.batch("visible", visible, rbm.visibleUnits());
    checkFirst(firstChain);
    return new GibbsChains(rbm, seed, firstChain, visible.copy());
  }

  private static void checkFirst(long firstChain) {
    if (firstChain < 0) {
      throw new IllegalArgumentException("firstChain must be >= 0 (got " + firstChain + ")");
    }
  }

  public int chains() {
    return visible.rows();
  }

  public long firstChain() {
    return firstChain;
  }

  /** Sweeps done so far. */
  public long sweeps() {
    return sweeps;
  }

  /** The live visible states (chains × N); writes change the chains. */
  public FloatMatrix visible() {
    return visible;
  }

  /** The live hidden states (chains × p) as of the last hidden half-step. */
  public FloatMatrix hidden() {
    return hidden;
  }

  public SplittableRandom[] visibleRngs() {
    return visibleRngs;
  }

  public SplittableRandom[] hiddenRngs() {
    return hiddenRngs;
  }

  public VisibleClamp clamp() {
    return clamp;
  }

  /** Sets which visible units stay fixed; their current values in {@link #visible()} are kept. */
  public void clamp(VisibleClamp clamp) {
    clamp.checkUnits(visible.cols());
    this.clamp = clamp;
  }

  FloatMatrix visibleFieldBuffer() {
    return visibleField;
  }

  void countSweep() {
    sweeps++;
  }
}
