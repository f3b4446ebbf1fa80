package org.ebmsim.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ebmsim.client.ProtoMatrices;
import org.ebmsim.proto.v1.ClampUnits;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelCapabilities;
import org.ebmsim.proto.v1.ModelFamilyInfo;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.SteerAction;

/** Human-readable text for models, numbers and patterns (the non-JSON output). */
final class HumanText {
  /** Longest line of pictures placed side by side before starting a new group. */
  private static final int PAGE_WIDTH = 100;
  /** Largest matrix (rows and columns) printed in full by {@code models get --params}. */
  static final int MAX_PRINTED_UNITS = 16;

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

  /**
   * The model's kind: its family in capitals ({@code HOPFIELD}, {@code BOLTZMANN_MACHINE},
   * {@code RBM}, {@code DBM}, {@code DENSE_MEMORY}, or a plug-in's key) with its variant (storage rule, RBM variant,
   * DBM units) when it has one, e.g. {@code RBM (binary-gaussian)}.
   */
  static String kind(Model m) {
    String family = switch (m.getFamily()) {
      case "hopfield" -> "HOPFIELD";
      case "boltzmann" -> "BOLTZMANN_MACHINE";
      case "rbm" -> "RBM";
      case "dbm" -> "DBM";
      case "dense-memory" -> "DENSE_MEMORY";
      case "attnbm" -> "ATTNBM";
      case "" -> "?";
      default -> m.getFamily().toUpperCase(Locale.ROOT);
    };
    return m.getVariant().isEmpty() ? family : family + " (" + m.getVariant() + ")";
  }

  /**
   * {@code 6 visible x 4 hidden units} for an RBM, {@code 13 units in layers visible 6, h1 4,
   * h2 3} for deeper models, else {@code 16 units (16 visible)}.
   */
  static String units(Model m) {
    if (m.getFamily().equals("rbm")) {
      return m.getVisibleUnits() + " visible x " + m.getHiddenUnits() + " hidden units";
    }
    if (m.getLayersCount() > 2) {
      StringBuilder sb = new StringBuilder(m.getUnits() + " units in layers ");
      for (int l = 0; l < m.getLayersCount(); l++) {
        sb.append(l == 0 ? "" : ", ").append(m.getLayers(l).getName()).append(' ').append(m.getLayers(l).getUnits());
      }
      return sb.toString();
    }
    return m.getUnits() + " units (" + m.getVisibleUnits() + " visible)";
  }

  /** A layer's unit values in words: {@code ±1}, {@code 0/1}, {@code 0..q-1}, {@code real}. */
  static String values(LayerInfo layer) {
    return switch (layer.getType()) {
      case VALUE_SPIN -> "±1";
      case VALUE_BINARY -> "0/1";
      case VALUE_CATEGORICAL -> "0.." + (layer.getLevels() - 1);
      case VALUE_REAL -> "real";
      default -> "?";
    };
  }

  /** {@code visible 6 (0/1), hidden 4 (0/1)}. */
  static String layers(List<LayerInfo> layers) {
    StringBuilder sb = new StringBuilder();
    for (LayerInfo l : layers) {
      sb.append(sb.length() == 0 ? "" : ", ").append(l.getName()).append(' ').append(l.getUnits()).append(" (")
          .append(values(l)).append(')');
    }
    return sb.toString();
  }

  /** The layer named {@code name} of {@code layers}, if any. */
  static Optional<LayerInfo> layer(List<LayerInfo> layers, String name) {
    return layers.stream().filter(l -> l.getName().equals(name)).findFirst();
  }

  /**
   * A steering action in words: {@code temperature 0.2500}, {@code β 2.0000},
   * {@code clamp visible units 3=1, 5=-1}, {@code release hidden units 1, 2},
   * {@code report every 5 sweeps} (training: batches), {@code learning rate 0.0100}.
   */
  static String steer(SteerAction a) {
    return switch (a.getActionCase()) {
      case TEMPERATURE -> "temperature " + num(a.getTemperature());
      case INVERSE_TEMPERATURE -> "β " + num(a.getInverseTemperature());
      case CLAMP -> {
        ClampUnits c = a.getClamp();
        StringBuilder sb = new StringBuilder("clamp ").append(layerName(c.getLayer())).append(" units ");
        for (int k = 0; k < c.getUnitsCount(); k++) {
          sb.append(k == 0 ? "" : ", ").append(c.getUnits(k)).append('=');
          if (k < c.getRealValuesCount()) {
            sb.append(num(c.getRealValues(k)));
          } else if (k < c.getValuesCount()) {
            sb.append(c.getValues(k));
          }
        }
        yield sb.toString();
      }
      case RELEASE -> a.getRelease().getUnitsCount() == 0
          ? "release every clamped unit of the " + layerName(a.getRelease().getLayer()) + " layer"
          : "release " + layerName(a.getRelease().getLayer()) + " units " + String.join(", ",
              a.getRelease().getUnitsList().stream().map(String::valueOf).toList());
      case REPORT_EVERY_SWEEPS -> "report every " + a.getReportEverySweeps() + " sweeps";
      case LEARNING_RATE -> "learning rate " + num(a.getLearningRate());
      case ACTION_NOT_SET -> "(no action)";
    };
  }

  private static String layerName(String layer) {
    return layer.isEmpty() ? "visible" : layer;
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

  /** One line per model family: its key, what it is, and the spec messages it accepts. */
  static List<String> familyTable(List<ModelFamilyInfo> families) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"FAMILY", "SPECS", "DESCRIPTION"});
    for (ModelFamilyInfo f : families) {
      List<String> specs = new ArrayList<>();
      f.getSpecTypesList().forEach(t -> specs.add(t.startsWith("ebmsim.v1.") ? t.substring("ebmsim.v1.".length()) : t));
      rows.add(new String[] {f.getFamily(), String.join(", ", specs), f.getDescription()});
    }
    return table(rows);
  }

  /** The model's fields, one per line; with its family's parameters when the model carries them. */
  static List<String> modelDetails(Model m) {
    List<String> out = new ArrayList<>();
    out.add(field("id", m.getId()));
    out.add(field("name", m.getName()));
    out.add(field("kind", kind(m)));
    if (!m.getDescription().isEmpty()) {
      out.add(field("description", m.getDescription()));
    }
    out.add(field("units", m.getUnits() + " (" + m.getVisibleUnits() + " visible, " + m.getHiddenUnits() + " hidden)"));
    if (m.getLayersCount() > 0) {
      out.add(field("layers", layers(m.getLayersList())));
    }
    if (m.getFamily().equals("rbm")) {
      out.add(field("weights", m.getVisibleUnits() + " x " + m.getHiddenUnits() + " (visible x hidden)"));
    }
    if (!m.getEnergy().isEmpty()) {
      out.add(field("energy", m.getEnergy()));
    }
    out.add(field("patterns", Integer.toString(m.getStoredPatterns())));
    if (hasImage(m)) {
      out.add(field("image", shape(m.getImageShape())));
    }
    if (m.hasCapabilities()) {
      out.add(field("sessions", capabilities(m.getCapabilities())));
    }
    out.add(field("created", time(m.getCreatedUnixMs())));
    if (m.getVersion() > 0) {
      out.add(field("version", version(m)));
    }
    if (m.getHeldBytes() > 0) {
      out.add(field("memory", bytes(m.getHeldBytes())));
    }
    out.addAll(ModelParameters.lines(m));
    return out;
  }

  /**
   * {@code 3 of 5 (written by training session s-…, after 12 batches, in epoch 2)}; the latest and
   * the training that wrote it when the server tells them.
   */
  static String version(Model m) {
    StringBuilder sb = new StringBuilder(Long.toString(m.getVersion()));
    if (m.getLatestVersion() > 0) {
      sb.append(" of ").append(m.getLatestVersion());
    }
    if (m.hasVersionInfo() && !m.getVersionInfo().getTrainingSession().isEmpty()) {
      sb.append(" (written by training session ").append(m.getVersionInfo().getTrainingSession()).append(", after ")
          .append(m.getVersionInfo().getTrainingBatches()).append(" batches, in epoch ")
          // 1-based, as in the training table and 'models versions'
          .append(m.getVersionInfo().getTrainingEpoch() + 1).append(')');
    }
    return sb.toString();
  }

  /** What sessions a model supports, e.g. {@code anneal, complete (gibbs, metropolis), exact, ais}. */
  static String capabilities(ModelCapabilities c) {
    List<String> dynamics = new ArrayList<>();
    c.getDynamicsList().forEach(d -> dynamics.add(d.name().toLowerCase(Locale.ROOT)));
    StringBuilder sb = new StringBuilder("anneal, complete (")
        .append(dynamics.isEmpty() ? "block gibbs" : String.join(", ", dynamics)).append(')');
    if (c.getExact()) {
      sb.append(", exact");
    }
    if (c.getPartitionFunction()) {
      sb.append(", ais");
    }
    return sb.toString();
  }

  /** A byte count in KiB, MiB or GiB with one decimal. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
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

  /** Rows as columns aligned two blanks apart; the first row is the header. */
  static List<String> table(List<String[]> rows) {
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
