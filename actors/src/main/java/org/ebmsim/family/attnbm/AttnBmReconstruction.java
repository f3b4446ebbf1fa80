package org.ebmsim.family.attnbm;

import org.ebmsim.dynamics.ModelTooLargeException;
import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.ebmsim.family.Reconstruction;

/**
 * Missing units of an AttnBM: the exact conditional mean ⟨v_m | v_o⟩ (the conditional is an
 * AttnBM over the missing units with hidden bias c + ξ_o·(v_o − b_o); integer β), or one model-B
 * retrieval step from the row as given (any β), known units restored.
 */
final class AttnBmReconstruction implements Reconstruction {
  private final AttnBm model;

  AttnBmReconstruction(AttnBm model) {
    this.model = model;
  }

  /**
   * Mixture components visited per request at most: each row's conditional walks its own
   * expansion (its hidden bias depends on the row), about 2^24 per second here.
   */
  static final long MAX_COMPONENT_VISITS = 1L << 26;

  @Override
  public void check(Method method, int rows) {
    if (method == Method.CONDITIONAL_MEAN) {
      long components = Exactness.require(model, "the conditional mean");
      if (components * rows > MAX_COMPONENT_VISITS) {
        throw new ModelTooLargeException("conditional means of " + rows + " rows walk " + components
            + " mixture components each, " + components * rows + " in all, above the limit of " + MAX_COMPONENT_VISITS
            + " per request; send fewer rows per request");
      }
    }
  }

  @Override
  public double[] reconstruct(double[] rows, int count, boolean[] known, Method method) {
    check(method, count);
    int n = model.visibleUnits();
    boolean perRow = known.length != n;
    if (method == Method.ONE_STEP_RETRIEVAL) {
      double[] out = model.retrieve(rows, count);
      for (int r = 0; r < count; r++) {
        int maskOff = perRow ? r * n : 0;
        for (int i = 0; i < n; i++) {
          if (known[maskOff + i]) {
            out[r * n + i] = rows[r * n + i];
          }
        }
      }
      return out;
    }
    if (!perRow) {
      return model.reconstruct(rows, count, known);
    }
    double[] out = rows.clone();
    double[] row = new double[n];
    boolean[] mask = new boolean[n];
    for (int r = 0; r < count; r++) {
      System.arraycopy(rows, r * n, row, 0, n);
      System.arraycopy(known, r * n, mask, 0, n);
      double[] mean = model.conditional(mask, row).mean();
      int j = 0;
      for (int i = 0; i < n; i++) {
        if (!mask[i]) {
          out[r * n + i] = mean[j++];
        }
      }
    }
    return out;
  }
}
