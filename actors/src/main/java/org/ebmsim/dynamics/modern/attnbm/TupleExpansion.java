package org.ebmsim.dynamics.modern.attnbm;

import org.ebmsim.dynamics.ModelTooLargeException;

/**
 * The β-tuple expansion of an AttnBM with integer β = k (MATH.md §5, Ota &amp; Karakida eq. 23–25):
 * {@code (Σ_μ e^{ξ_μ·u + c_μ})^k = Σ_{μ_1..μ_k} e^{S_τ·u + C_τ}} with {@code S_τ = Σ_j ξ_{μ_j}} and
 * {@code C_τ = Σ_j c_{μ_j}}; completing the square makes component τ the Gaussian
 * {@code N(b + S_τ/k, I/k)} with unnormalized log-weight {@code ‖S_τ‖²/(2k) + C_τ}.
 *
 * <p>Ordered tuples that are permutations of one another give the same component, so this walks
 * multisets {@code μ_1 ≤ … ≤ μ_k} only and adds the log of their multinomial count
 * {@code k!/Π_μ n_μ!}: {@code C(p+k−1, k)} components instead of {@code p^k}. Norms come from the
 * Gram matrix {@code G = ξξᵀ}, so each component costs O(k) and not O(N).
 *
 * <p>Stateless after construction; {@link #forEach} may be called any number of times and always
 * visits the components in the same (lexicographic) order.
 */
final class TupleExpansion {
  /** Most components an exact computation will walk (about a second per pass here). */
  static final long MAX_COMPONENTS = 1L << 24;

  /** Receives one component: its sorted members (valid only during the call) and log-weight. */
  interface Visitor {
    void component(int[] members, double logWeight);
  }

  private final int hidden;
  private final int order;
  private final double[] gram;
  private final double[] hiddenBias;
  private final double logOrderFactorial;

  TupleExpansion(int visible, int hidden, double[] patterns, double[] hiddenBias, int order) {
    checkSize(hidden, order);
    this.hidden = hidden;
    this.order = order;
    this.hiddenBias = hiddenBias;
    this.gram = new double[hidden * hidden];
    for (int mu = 0; mu < hidden; mu++) {
      // single members (k = 1) need only the diagonal: O(pN) instead of O(p²N) per gradient
      int last = order == 1 ? mu + 1 : hidden;
      for (int nu = mu; nu < last; nu++) {
        double g = 0;
        for (int i = 0; i < visible; i++) {
          g += patterns[mu * visible + i] * patterns[nu * visible + i];
        }
        gram[mu * hidden + nu] = g;
        gram[nu * hidden + mu] = g;
      }
    }
    double f = 0;
    for (int j = 2; j <= order; j++) {
      f += Math.log(j);
    }
    this.logOrderFactorial = f;
  }

  /**
   * Most members per tuple: the walk recurses once per member, so the order bounds its stack depth
   * (far below anything whose component count would pass {@link #MAX_COMPONENTS} unless p = 1).
   */
  static final int MAX_ORDER = 1000;

  /**
   * The number of components, or {@link ModelTooLargeException} if the expansion of {@code hidden}
   * patterns at β = {@code order} is too large to walk; computes nothing else.
   */
  static long checkSize(int hidden, int order) {
    if (order > MAX_ORDER) {
      throw new ModelTooLargeException("the exact AttnBM at β = " + order + " walks tuples of " + order
          + " patterns, above the limit of " + MAX_ORDER + "; use a smaller β");
    }
    long count = componentCount(hidden, order);
    if (count > MAX_COMPONENTS) {
      throw new ModelTooLargeException("the exact AttnBM at β = " + order + " with " + hidden
          + " hidden units is a mixture of C(p+β−1, β) = " + (count == Long.MAX_VALUE ? "more than 2^63" : count)
          + " Gaussians, above the limit of " + MAX_COMPONENTS + "; use fewer hidden units or a smaller β");
    }
    return count;
  }

  /** {@code C(p+k−1, k)}, the number of multisets of size k from p, saturating at Long.MAX_VALUE. */
  static long componentCount(int hidden, int order) {
    // C(p+k−1, k) built as Π_{j=1..k} (p−1+j)/j; each partial product is itself a binomial, so exact
    long c = 1;
    for (int j = 1; j <= order; j++) {
      long factor = hidden - 1L + j;
      if (c > Long.MAX_VALUE / factor) {
        return Long.MAX_VALUE;
      }
      c = c * factor / j;
    }
    return c;
  }

  int order() {
    return order;
  }

  /** Visits every component once, in lexicographic order of its sorted members. */
  void forEach(Visitor visitor) {
    descend(0, 0, 0.0, 0.0, logOrderFactorial, 0, new int[order], visitor);
  }

  /**
   * Appends members {@code ≥ from} at position {@code depth}; {@code norm2 = ‖S‖²} and {@code bias = C}
   * of the members so far, {@code logCount = log k! − Σ log(run lengths)!}, {@code run} = length of the
   * trailing run of equal members.
   */
  private void descend(int depth, int from, double norm2, double bias, double logCount, int run, int[] members,
      Visitor visitor) {
    if (depth == order) {
      visitor.component(members, norm2 / (2.0 * order) + bias + logCount);
      return;
    }
    for (int mu = from; mu < hidden; mu++) {
      // ‖S + ξ_μ‖² = ‖S‖² + 2 Σ_j G[μ_j][μ] + G[μ][μ]
      double cross = 0;
      for (int j = 0; j < depth; j++) {
        cross += gram[members[j] * hidden + mu];
      }
      int r = depth > 0 && members[depth - 1] == mu ? run + 1 : 1;
      members[depth] = mu;
      // a run growing to length r divides the count by r (k!/Π n_μ! built one factor at a time)
      descend(depth + 1, mu, norm2 + 2 * cross + gram[mu * hidden + mu], bias + hiddenBias[mu],
          logCount - Math.log(r), r, members, visitor);
    }
  }
}
