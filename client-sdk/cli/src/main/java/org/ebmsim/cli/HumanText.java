package org.ebmsim.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ebmsim.client.ProtoMatrices;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelKind;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;

/** Human-readable text for models, numbers and patterns (the non-JSON output). */
final class HumanText {
  /** Longest line of pictures placed side by side before starting a new group. */
  private static final int PAGE_WIDTH = 100;
  /** Largest model whose full weight matrix is printed by {@code models get --params}. */
  private static final int MAX_PRINTED_UNITS = 16;

  private HumanText() {}

  /** A real in fixed notation with 4 decimals, or scientific when very large or small. */
  static String num(double v) {
    double a = Math.abs(v);
    if (v != 0 && (a >= 1e7 || a < 1e-3)) {
      return String.format(Locale.ROOT, "%.4e", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** A fraction as a percentage with one decimal. */
  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  /** The model's kind, with the storage rule or the RBM variant when it has one. */
  static String kind(Model m) {
    String kind = m.getKind() == ModelKind.UNRECOGNIZED ? "?" : m.getKind().name();
    if (m.getKind() == ModelKind.RBM) {
      kind += " (" + ProtoEnumOptions.word(m.getRbmVariant()) + ")";
    } else if (m.getRule() == StorageRule.HEBBIAN || m.getRule() == StorageRule.PROJECTION) {
      kind += " (" + m.getRule().name().toLowerCase(Locale.ROOT) + ")";
    }
    return kind;
  }

  /** {@code 6 visible x 4 hidden units} for an RBM, else {@code 16 units (16 visible)}. */
  static String units(Model m) {
    if (m.getKind() == ModelKind.RBM) {
      return m.getVisibleUnits() + " visible x " + m.getHiddenUnits() + " hidden units";
    }
    return m.getUnits() + " units (" + m.getVisibleUnits() + " visible)";
  }

  /** Whether the model (or an override) gives an image shape that fits {@code units}. */
  static boolean isImage(ImageShape shape, int units) {
    return shape != null && shape.getHeight() > 0 && shape.getWidth() > 0
        && (long) shape.getHeight() * shape.getWidth() <= units;
  }

  /** A pattern as a picture when {@code shape} fits, else as wrapped lines of glyphs. */
  static List<String> pattern(int[] spins, ImageShape shape) {
    return isImage(shape, spins.length)
        ? AsciiArt.image(spins, shape.getHeight(), shape.getWidth())
        : AsciiArt.wrapped(spins);
  }

  /** Several patterns under titles, side by side in groups that fit the page width. */
  static List<String> patterns(List<String> titles, List<int[]> patterns, ImageShape shape) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < patterns.size()) {
      List<String> groupTitles = new ArrayList<>();
      List<List<String>> group = new ArrayList<>();
      int width = 0;
      do {
        List<String> pic = pattern(patterns.get(i), shape);
        int w = Math.max(titles.get(i).length(), pic.isEmpty() ? 0 : pic.get(0).length()) + 2;
        if (!group.isEmpty() && width + w > PAGE_WIDTH) {
          break;
        }
        groupTitles.add(titles.get(i));
        group.add(pic);
        width += w;
        i++;
      } while (i < patterns.size());
      if (!out.isEmpty()) {
        out.add("");
      }
      out.addAll(AsciiArt.sideBySide(groupTitles, group, "  "));
    }
    return out;
  }

  /** One line per model under a header. */
  static List<String> modelTable(List<Model> models) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "NAME", "KIND", "UNITS", "VISIBLE", "HIDDEN", "PATTERNS", "IMAGE", "CREATED"});
    for (Model m : models) {
      rows.add(new String[] {
        m.getId(),
        m.getName(),
        kind(m),
        Integer.toString(m.getUnits()),
        Integer.toString(m.getVisibleUnits()),
        Integer.toString(m.getHiddenUnits()),
        Integer.toString(m.getStoredPatterns()),
        hasImage(m) ? shape(m.getImageShape()) : "-",
        time(m.getCreatedUnixMs())
      });
    }
    return table(rows);
  }

  /** The model's fields, one per line; with parameters when the model carries them. */
  static List<String> modelDetails(Model m) {
    List<String> out = new ArrayList<>();
    out.add(field("id", m.getId()));
    out.add(field("name", m.getName()));
    out.add(field("kind", kind(m)));
    out.add(field("units", m.getUnits() + " (" + m.getVisibleUnits() + " visible, " + m.getHiddenUnits() + " hidden)"));
    boolean rbm = m.getKind() == ModelKind.RBM;
    if (rbm) {
      out.add(field("weights", m.getVisibleUnits() + " x " + m.getHiddenUnits() + " (visible x hidden)"));
      if (m.getRbmVariant() == RbmVariant.BINARY_GAUSSIAN) {
        out.add(field("β", num(m.getInverseTemperature() == 0 ? 1 : m.getInverseTemperature())));
      }
    }
    out.add(field("patterns", Integer.toString(m.getStoredPatterns())));
    if (hasImage(m)) {
      out.add(field("image", shape(m.getImageShape())));
    }
    out.add(field("created", time(m.getCreatedUnixMs())));
    if (m.getBiasCount() > 0) {
      out.add(field(rbm ? "visible bias" : "bias", vector(m.getBiasList())));
    }
    if (m.getHiddenBiasCount() > 0) {
      out.add(field("hidden bias", vector(m.getHiddenBiasList())));
    }
    if (m.getVisibleSigmaCount() > 0) {
      out.add(field("visible σ", vector(m.getVisibleSigmaList())));
    }
    if (m.hasWeights()) {
      out.add(field(rbm ? "W" : "weights", m.getWeights().getRows() + " x " + m.getWeights().getCols()));
      if (m.getWeights().getRows() <= MAX_PRINTED_UNITS && m.getWeights().getCols() <= MAX_PRINTED_UNITS) {
        out.addAll(matrix(ProtoMatrices.rows(m.getWeights())));
      } else {
        out.add("  (too many to print; use --json for all values)");
      }
    }
    if (m.hasPatterns() && m.getPatterns().getRows() > 0) {
      out.add("stored patterns:");
      out.addAll(indent(spinRows(m.getPatterns(), "#", m.getImageShape())));
    }
    return out;
  }

  /** Rows of reals, one line each, indented, 4 decimals in aligned columns. */
  static List<String> matrix(double[][] rows) {
    List<String> out = new ArrayList<>(rows.length);
    for (double[] row : rows) {
      StringBuilder sb = new StringBuilder("  ");
      for (double w : row) {
        sb.append(String.format(Locale.ROOT, " %9.4f", w));
      }
      out.add(sb.toString());
    }
    return out;
  }

  /** The rows of a spin matrix as titled pictures ({@code prefix}0, {@code prefix}1, ...). */
  static List<String> spinRows(SpinMatrix states, String prefix, ImageShape shape) {
    List<String> titles = new ArrayList<>();
    List<int[]> rows = new ArrayList<>();
    int[][] all = ProtoMatrices.rows(states);
    for (int i = 0; i < all.length; i++) {
      titles.add(prefix + i);
      rows.add(all[i]);
    }
    return patterns(titles, rows, shape);
  }

  /** Values with 4 decimals; long vectors are cut after 16 entries with a count. */
  static String vector(List<Double> values) {
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(values.size(), 16);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(String.format(Locale.ROOT, "%.4f", values.get(i)));
    }
    if (shown < values.size()) {
      sb.append(" ... (").append(values.size()).append(" values)");
    }
    return sb.toString();
  }

  /** {@code name} padded to a fixed width, then the value. */
  static String field(String name, String value) {
    return String.format(Locale.ROOT, "%-15s%s", name, value);
  }

  static List<String> indent(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (String l : lines) {
      out.add(l.isEmpty() ? l : "  " + l);
    }
    return out;
  }

  /** Whether the model has an image shape (servers may send an empty 0x0 one for none). */
  static boolean hasImage(Model m) {
    return m.hasImageShape() && m.getImageShape().getHeight() > 0 && m.getImageShape().getWidth() > 0;
  }

  static String shape(ImageShape s) {
    return s.getHeight() + "x" + s.getWidth();
  }

  static String time(long unixMs) {
    return unixMs == 0 ? "-" : Instant.ofEpochMilli(unixMs).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static List<String> table(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        sb.append(row[c]);
        if (c < row.length - 1) {
          sb.append(" ".repeat(widths[c] - row[c].length() + 2));
        }
      }
      out.add(sb.toString());
    }
    return out;
  }
}
