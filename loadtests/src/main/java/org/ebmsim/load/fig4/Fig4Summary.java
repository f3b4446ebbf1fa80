package org.ebmsim.load.fig4;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measurements averaged over seeds, per initialisation and epoch, as a table and as the
 * verdict on the paper's finding.
 */
public final class Fig4Summary {
  /**
   * One initialisation at one epoch over its seeds.
   *
   * @param mean mean over seeds of the held-out log-likelihood
   * @param standardError AIS standard error of that mean: √(Σ se²) / seeds (seeds are independent)
   * @param seedSpread sample standard deviation over seeds (0 for one seed)
   */
  public record Cell(int seeds, double mean, double standardError, double seedSpread) {}

  private final Map<Fig4Initialisation, TreeMap<Integer, Cell>> cells = new EnumMap<>(Fig4Initialisation.class);

  public Fig4Summary(List<Fig4Row> rows) {
    Map<Fig4Initialisation, TreeMap<Integer, List<Fig4Row>>> groups = new EnumMap<>(Fig4Initialisation.class);
    for (Fig4Row r : rows) {
      groups.computeIfAbsent(r.init(), k -> new TreeMap<>()).computeIfAbsent(r.epoch(), k -> new ArrayList<>()).add(r);
    }
    groups.forEach((init, byEpoch) -> {
      TreeMap<Integer, Cell> out = new TreeMap<>();
      byEpoch.forEach((epoch, list) -> out.put(epoch, cell(list)));
      cells.put(init, out);
    });
  }

  private static Cell cell(List<Fig4Row> list) {
    int n = list.size();
    double sum = 0;
    double var = 0;
    for (Fig4Row r : list) {
      sum += r.logLikelihood();
      var += r.standardError() * r.standardError();
    }
    double mean = sum / n;
    double spread = 0;
    if (n > 1) {
      double ss = 0;
      for (Fig4Row r : list) {
        ss += (r.logLikelihood() - mean) * (r.logLikelihood() - mean);
      }
      spread = Math.sqrt(ss / (n - 1));
    }
    return new Cell(n, mean, Math.sqrt(var) / n, spread);
  }

  /** The cell of {@code init} at {@code epoch}, or null when not measured. */
  public Cell cell(Fig4Initialisation init, int epoch) {
    TreeMap<Integer, Cell> byEpoch = cells.get(init);
    return byEpoch == null ? null : byEpoch.get(epoch);
  }

  /** Epoch rows × initialisation columns of "mean ± standard error". */
  public String table() {
    TreeMap<Integer, Boolean> epochs = new TreeMap<>();
    cells.values().forEach(m -> m.keySet().forEach(e -> epochs.put(e, true)));
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-6s", "epoch"));
    for (Fig4Initialisation init : cells.keySet()) {
      s.append(String.format(Locale.ROOT, " %22s", init.label()));
    }
    s.append('\n');
    for (int e : epochs.keySet()) {
      s.append(String.format(Locale.ROOT, "%-6d", e));
      for (Fig4Initialisation init : cells.keySet()) {
        Cell c = cell(init, e);
        s.append(c == null ? String.format(Locale.ROOT, " %22s", "-")
            : String.format(Locale.ROOT, " %13.2f ± %6.2f", c.mean(), c.standardError()));
      }
      s.append('\n');
    }
    return s.toString();
  }

  /**
   * The paper's finding at one epoch: projection ahead of random by more than their combined
   * standard errors √(se_p² + se_r²).
   */
  public boolean projectionAhead(int epoch) {
    Cell p = cell(Fig4Initialisation.PROJECTION, epoch);
    Cell r = cell(Fig4Initialisation.RANDOM, epoch);
    if (p == null || r == null) {
      return false;
    }
    return p.mean() - r.mean() > Math.hypot(p.standardError(), r.standardError());
  }

  /** Whether projection is ahead of random at 0 epochs and after 1 epoch. */
  public boolean findingReproduced() {
    return projectionAhead(0) && projectionAhead(1);
  }

  /** One line: REPRODUCED or NOT REPRODUCED, with the gaps and errors it was judged on. */
  public String verdict() {
    StringBuilder s = new StringBuilder(findingReproduced() ? "VERDICT: REPRODUCED" : "VERDICT: NOT REPRODUCED");
    s.append(" (projection − random, needs > combined SE:");
    for (int epoch = 0; epoch <= 1; epoch++) {
      Cell p = cell(Fig4Initialisation.PROJECTION, epoch);
      Cell r = cell(Fig4Initialisation.RANDOM, epoch);
      if (p == null || r == null) {
        s.append(String.format(Locale.ROOT, " epoch %d not measured;", epoch));
      } else {
        s.append(String.format(Locale.ROOT, " epoch %d %+.2f vs %.2f;", epoch, p.mean() - r.mean(),
            Math.hypot(p.standardError(), r.standardError())));
      }
    }
    s.setLength(s.length() - 1);
    return s.append(')').toString();
  }
}
