package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetPreview;

/** Datasets as human-readable text: a table for lists, details and preview rows for one. */
final class DatasetText {
  /** Values of a non-image preview row printed before "…". */
  static final int MAX_PRINTED_VALUES = 16;

  private DatasetText() {}

  static String shape(Dataset d) {
    String s = d.getRows() + " x " + d.getCols();
    if (d.getImageShape().getHeight() > 0) {
      s += " (" + d.getImageShape().getHeight() + "x" + d.getImageShape().getWidth() + " images)";
    }
    return s;
  }

  static List<String> table(List<Dataset> datasets) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-18s  %-20s  %-26s  %7s  %s", "ID", "NAME", "SHAPE", "CLASSES", "TRAIN/HELD-OUT"));
    for (Dataset d : datasets) {
      lines.add(String.format("%-18s  %-20s  %-26s  %7d  %d/%d", d.getId(), d.getName(), shape(d), d.getClasses(),
          d.getTrainRows(), d.getHeldOutRows()));
    }
    return lines;
  }

  static List<String> details(Dataset d) {
    List<String> lines = new ArrayList<>();
    lines.add(d.getId() + "  " + d.getName());
    lines.add("  format:      " + d.getFormat().name().replace("DATASET_FORMAT_", "").toLowerCase(java.util.Locale.ROOT));
    lines.add("  shape:       " + shape(d));
    lines.add("  values:      " + HumanText.num(d.getMinValue()) + " .. " + HumanText.num(d.getMaxValue()));
    lines.add("  split:       " + d.getTrainRows() + " train, " + d.getHeldOutRows() + " held out");
    if (d.getClasses() > 0) {
      StringBuilder counts = new StringBuilder();
      for (int c = 0; c < d.getLabelCountsCount(); c++) {
        counts.append(c == 0 ? "" : ", ").append(c).append(": ").append(d.getLabelCounts(c));
      }
      lines.add("  classes:     " + d.getClasses() + " (" + counts + ")");
    } else {
      lines.add("  classes:     none (no labels)");
    }
    lines.add("  stored:      " + HumanText.bytes(d.getStoredBytes()) + " on disk, " + HumanText.bytes(d.getHeldBytes())
        + " in memory");
    lines.addAll(preview(d));
    return lines;
  }

  /**
   * Preview rows: image-shaped rows as ASCII art side by side ('#' above the midpoint of the
   * dataset's value range, '.' at or below it), other rows as numbers.
   */
  static List<String> preview(Dataset d) {
    DatasetPreview p = d.getPreview();
    int n = p.getRowIndicesCount();
    List<String> lines = new ArrayList<>();
    if (n == 0) {
      return lines;
    }
    int cols = d.getCols();
    int h = d.getImageShape().getHeight();
    int w = d.getImageShape().getWidth();
    double mid = 0.5 * ((double) d.getMinValue() + d.getMaxValue());
    if (h > 0 && (long) h * w == cols) {
      List<String> titles = new ArrayList<>();
      List<List<String>> pictures = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        int[] spins = new int[cols];
        for (int c = 0; c < cols; c++) {
          spins[c] = p.getValues(r * cols + c) > mid ? 1 : -1;
        }
        titles.add("row " + p.getRowIndices(r) + (p.getLabelsCount() > 0 ? " [" + p.getLabels(r) + "]" : ""));
        pictures.add(AsciiArt.image(spins, h, w));
      }
      lines.add("  preview ('#' above " + HumanText.num(mid) + "):");
      lines.addAll(AsciiArt.sideBySide(titles, pictures, "  "));
      return lines;
    }
    lines.add("  preview:");
    for (int r = 0; r < n; r++) {
      StringBuilder b = new StringBuilder("    row " + p.getRowIndices(r));
      if (p.getLabelsCount() > 0) {
        b.append(" [").append(p.getLabels(r)).append(']');
      }
      b.append(':');
      for (int c = 0; c < Math.min(cols, MAX_PRINTED_VALUES); c++) {
        b.append(' ').append(HumanText.num(p.getValues(r * cols + c)));
      }
      if (cols > MAX_PRINTED_VALUES) {
        b.append(" … (").append(cols).append(" values)");
      }
      lines.add(b.toString());
    }
    return lines;
  }
}
