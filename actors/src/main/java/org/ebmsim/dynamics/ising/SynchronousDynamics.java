package org.ebmsim.dynamics.ising;

import java.util.Arrays;

/**
 * Deterministic zero-temperature synchronous (parallel) updates: every unclamped unit of a
 * chain is set at once to {@code s_i ← +1 if h_i > 0 else −1} from the fields of the previous
 * state (the tie rule of {@link AsynchronousDynamics}), then the chain's fields are recomputed
 * from scratch.
 *
 * <p>Unlike asynchronous updates, synchronous ones need not lower the energy and may end in a
 * 2-cycle (MATH.md §1). {@link #run} detects, per chain, a fixed point (a step that changes
 * nothing) or a 2-cycle (the state equals the one two steps earlier) and stops updating that
 * chain from then on; a chain in a 2-cycle is left at the later of its two states. Stateless
 * and thread-safe; the caller owns {@link SpinChains}.
 */
public final class SynchronousDynamics {
  /** How a chain's run ended. */
  public enum Convergence { FIXED_POINT, TWO_CYCLE, NOT_CONVERGED }

  /**
   * Per-chain outcome of {@link #run}: {@code outcomes[c]} and {@code steps[c]}, the number of
   * synchronous steps applied to chain c (for a fixed point this includes the final step that
   * changed nothing).
   */
  public record Result(Convergence[] outcomes, int[] steps) {
    /** True iff every chain reached a fixed point or a 2-cycle. */
    public boolean allConverged() {
      for (Convergence o : outcomes) {
        if (o == Convergence.NOT_CONVERGED) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * One synchronous step of chains {@code [fromChain, toChain)}: {@code s ← sign(h)} with
   * {@code h} = within-layer field + external field of the current state, then
   * {@link SpinChains#recomputeFields(int, int)} for those chains. Modifies the spins and fields.
   *
   * @param clamped units that must not change, or {@code null} for none
   * @return the number of spins flipped
   */
  public long step(SpinChains state, int fromChain, int toChain, boolean[] clamped) {
    checkRange(state, fromChain, toChain, clamped);
    long flips = 0;
    for (int c = fromChain; c < toChain; c++) {
      flips += updateChain(state, c, clamped);
    }
    state.recomputeFields(fromChain, toChain);
    return flips;
  }

  /**
   * Steps every chain of {@code state} until it reaches a fixed point or a 2-cycle, or until
   * {@code maxSteps} steps were applied to it. Modifies the spins and fields.
   *
   * @param maxSteps at least 1
   * @param clamped units that must not change, or {@code null} for none
   */
  public Result run(SpinChains state, int maxSteps, boolean[] clamped) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps must be >= 1 (got " + maxSteps + ")");
    }
    int chains = state.chains();
    int n = state.units();
    checkRange(state, 0, chains, clamped);
    byte[] spins = state.spins();
    // twoAgo[c] holds chain c's state before the previous step.
    byte[] twoAgo = new byte[chains * n];
    Convergence[] outcomes = new Convergence[chains];
    Arrays.fill(outcomes, Convergence.NOT_CONVERGED);
    int[] steps = new int[chains];
    byte[] before = new byte[n];
    for (int c = 0; c < chains; c++) {
      int base = c * n;
      for (int t = 0; t < maxSteps; t++) {
        System.arraycopy(spins, base, before, 0, n);
        int flips = updateChain(state, c, clamped);
        state.recomputeFields(c, c + 1);
        steps[c]++;
        if (flips == 0) {
          outcomes[c] = Convergence.FIXED_POINT;
          break;
        }
        if (t > 0 && Arrays.equals(spins, base, base + n, twoAgo, base, base + n)) {
          outcomes[c] = Convergence.TWO_CYCLE;
          break;
        }
        System.arraycopy(before, 0, twoAgo, base, n);
      }
    }
    return new Result(outcomes, steps);
  }

  /** Sets chain c's unclamped spins to sign(h) of its current fields; the fields go stale. */
  private static int updateChain(SpinChains state, int c, boolean[] clamped) {
    final int n = state.units();
    final byte[] spins = state.spins();
    final double[] fields = state.fields();
    final double[] external = state.external();
    final int base = c * n;
    // Every new spin depends only on the old fields, which are not touched until all are set.
    int flips = 0;
    for (int i = 0; i < n; i++) {
      if (clamped != null && clamped[i]) {
        continue;
      }
      byte next = fields[base + i] + external[base + i] > 0 ? (byte) 1 : (byte) -1;
      if (next != spins[base + i]) {
        spins[base + i] = next;
        flips++;
      }
    }
    return flips;
  }

  private static void checkRange(SpinChains state, int fromChain, int toChain, boolean[] clamped) {
    if (fromChain < 0 || toChain > state.chains() || fromChain > toChain) {
      throw new IllegalArgumentException("chain range [" + fromChain + ", " + toChain + ") is not within [0, "
          + state.chains() + ")");
    }
    if (clamped != null && clamped.length != state.units()) {
      throw new IllegalArgumentException("clamped mask must have " + state.units() + " entries (got "
          + clamped.length + ")");
    }
  }
}
