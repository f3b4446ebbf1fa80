package org.ebmsim.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.ebmsim.proto.v1.AisLogLikelihood;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.LayerState;
import org.ebmsim.proto.v1.SplitMetrics;
import org.ebmsim.proto.v1.TrainProgress;

/**
 * The per-epoch table of a training session, printed a row at a time as epochs end (so its
 * columns have fixed widths instead of being fitted to all rows): epoch (1-based, of all), learning
 * rate, reconstruction error and pseudo-log-likelihood on the training and held-out rows, the AIS
 * log-likelihood ± its standard error where AIS ran, the norm of each weight matrix, the model
 * version written and the time since the start; {@code -} where a value is absent. Samples sent
 * with an epoch follow its row as pictures.
 */
final class TrainTable {
  private static final String[] FIXED = {"EPOCH", "LR", "TRAIN RECON", "TRAIN PLL", "HELD-OUT RECON",
    "HELD-OUT PLL", "AIS LL ± SE"};
  private static final int[] FIXED_WIDTHS = {9, 10, 11, 10, 14, 12, 19};
  private static final int NORM_WIDTH = 9;
  private static final String[] TAIL = {"VERSION", "ELAPSED"};
  private static final int[] TAIL_WIDTHS = {7, 8};

  private final PrintStream out;
  private final Supplier<ImageShape> shape;
  private List<String> norms;

  /** @param shape the model's image shape for drawing samples (null for none); asked only when samples come */
  TrainTable(PrintStream out, Supplier<ImageShape> shape) {
    this.out = out;
    this.shape = shape;
  }

  /** Prints the row of the epoch {@code p} ends (the header first, before the first row). */
  void row(TrainProgress p) {
    if (norms == null) {
      // the weight matrices are the model's, the same in every event
      norms = new ArrayList<>(p.getWeightNormsMap().keySet());
      norms.sort(null);
      out.println(header(norms));
    }
    out.println(line(p, norms));
    if (p.getSamplesCount() > 0) {
      samples(p.getSamplesList(), shape.get()).forEach(out::println);
    }
    out.flush();
  }

  static String header(List<String> norms) {
    List<String> cells = new ArrayList<>(List.of(FIXED));
    List<Integer> widths = widths(norms.size());
    norms.forEach(n -> cells.add("‖" + n + "‖"));
    cells.addAll(List.of(TAIL));
    return join(cells, widths);
  }

  /** One row; the weight norms in the order of {@code norms}. */
  static String line(TrainProgress p, List<String> norms) {
    long epochs = p.getBatchesPerEpoch() == 0 ? 0 : p.getTotalBatches() / p.getBatchesPerEpoch();
    List<String> cells = new ArrayList<>();
    cells.add((p.getEpoch() + 1) + (epochs > 0 ? "/" + epochs : ""));
    cells.add(HumanText.num(p.getLearningRate()));
    cells.add(recon(p.getTrain()));
    cells.add(pll(p.getTrain()));
    cells.add(recon(p.getHeldOut()));
    cells.add(pll(p.getHeldOut()));
    cells.add(p.hasAis() ? ais(p.getAis()) : "-");
    for (String n : norms) {
      Double v = p.getWeightNormsMap().get(n);
      cells.add(v == null ? "-" : HumanText.num(v));
    }
    cells.add(p.getModelVersion() == 0 ? "-" : Long.toString(p.getModelVersion()));
    cells.add(elapsed(p.getElapsedSeconds()));
    return join(cells, widths(norms.size()));
  }

  static String recon(SplitMetrics m) {
    return m.getRows() == 0 ? "-" : HumanText.num(m.getReconstructionError());
  }

  /** The PLL, or {@code -} without rows or where it is undefined (NaN: real-valued units). */
  static String pll(SplitMetrics m) {
    return m.getRows() == 0 || Double.isNaN(m.getPseudoLogLikelihood()) ? "-" : HumanText.num(m.getPseudoLogLikelihood());
  }

  static String ais(AisLogLikelihood a) {
    return HumanText.num(a.getLogLikelihood()) + " ± " + HumanText.num(a.getStandardError());
  }

  /** {@code 12.5s}, {@code 3m05s}, {@code 2h07m}. */
  static String elapsed(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1fs", seconds);
    }
    long s = (long) seconds;
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  /** The samples' visible states under {@code #chain} titles: pictures side by side, or numbers. */
  static List<String> samples(List<ChainState> samples, ImageShape shape) {
    List<String> titles = new ArrayList<>();
    List<int[]> pictures = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (ChainState c : samples) {
      if (c.getLayersCount() == 0) {
        continue;
      }
      LayerState visible = c.getLayers(0);
      if (StatePictures.drawable(visible)) {
        titles.add("#" + c.getChain());
        pictures.add(StatePictures.signs(visible, 0));
      } else {
        lines.add("#" + c.getChain() + "  " + StatePictures.numbers(visible, 0));
      }
    }
    List<String> out = new ArrayList<>();
    out.add("  samples:");
    out.addAll(HumanText.indent(HumanText.indent(pictures.isEmpty() ? lines
        : HumanText.patterns(titles, pictures, shape))));
    return out;
  }

  private static List<Integer> widths(int norms) {
    List<Integer> widths = new ArrayList<>();
    for (int w : FIXED_WIDTHS) {
      widths.add(w);
    }
    for (int i = 0; i < norms; i++) {
      widths.add(NORM_WIDTH);
    }
    for (int w : TAIL_WIDTHS) {
      widths.add(w);
    }
    return widths;
  }

  /** Cells left-aligned in their widths, two blanks apart; a longer cell pushes the rest right. */
  private static String join(List<String> cells, List<Integer> widths) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      sb.append(cell);
      if (c < cells.size() - 1) {
        sb.append(" ".repeat(Math.max(0, widths.get(c) - cell.length()) + 2));
      }
    }
    return sb.toString();
  }
}
