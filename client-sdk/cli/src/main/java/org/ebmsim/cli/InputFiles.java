package org.ebmsim.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the CLI's input files: patterns, weights (+ bias), bias vectors and cues.
 *
 * <p>Formats, chosen by extension: {@code .json} (a bare array of arrays, or an object such
 * as {@code {"patterns": [[1,-1,...], ...]}} or {@code {"weights": [[...]], "bias": [...]}})
 * and {@code .csv}/{@code .txt} (one row per line, separated by commas or whitespace, {@code #}
 * comments). Errors name the file, line and column.
 */
final class InputFiles {
  private InputFiles() {}

  /** Weights with an optional bias ({@code null} when the file has none). */
  record Weights(double[][] weights, double[] bias) {}

  /**
   * RBM parameters: V × H weights and the biases of the same JSON file ({@code null} when it
   * has none).
   */
  record RbmWeights(double[][] weights, double[] visibleBias, double[] hiddenBias) {}

  /** All numeric tables of a file: JSON members by name, or one table under {@code ""}. */
  static Map<String, NumberTable> readTables(Path file) {
    String source = file.toString();
    String ext = extension(file);
    try {
      return switch (ext) {
        case "json" -> {
          try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            yield JsonTableReader.read(source, r);
          }
        }
        case "csv", "txt" -> {
          List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
          yield Map.of("", CsvTableReader.read(source, lines));
        }
        default -> throw new InputFileException(
            source + ": unknown file type \"." + ext + "\"; use .json, .csv or .txt");
      };
    } catch (NoSuchFileException e) {
      throw new InputFileException(source + ": no such file", e);
    } catch (IOException e) {
      throw new InputFileException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Patterns, one per row, as ±1. A file of 0/1 values is converted (0 → -1) and a note is
   * passed to {@code notes}. JSON key: {@code patterns}.
   */
  static int[][] readPatterns(Path file, Consumer<String> notes) {
    NumberTable table = table(file, "patterns");
    return spins(table, notes);
  }

  /**
   * One ±1 pattern: every number of the file in reading order (so an image may be laid out
   * as rows). 0/1 files are converted as in {@link #readPatterns}. JSON key: {@code pattern}.
   */
  static int[] readPattern(Path file, Consumer<String> notes) {
    NumberTable table = table(file, "pattern");
    int[][] rows = spins(table, notes);
    int[] out = new int[table.size()];
    int k = 0;
    for (int[] row : rows) {
      System.arraycopy(row, 0, out, k, row.length);
      k += row.length;
    }
    return out;
  }

  /** Square weights, with the bias of the same JSON file if it has a {@code bias} member. */
  static Weights readWeights(Path file) {
    Map<String, NumberTable> tables = readTables(file);
    NumberTable w = pick(file, tables, "weights");
    int n = w.rowCount();
    for (int r = 0; r < n; r++) {
      if (w.rows()[r].length != n) {
        throw new InputFileException(
            w.where(r, 0).replaceFirst(":\\d+$", "") + ": weights must be square, but there are "
                + n + " rows of " + w.rows()[r].length + " values");
      }
    }
    NumberTable bias = tables.get("bias");
    return new Weights(w.rows(), bias == null ? null : bias.flatten());
  }

  /**
   * V × H RBM weights (rows are visible units, any number of columns). A JSON object may also
   * hold {@code visible_bias}/{@code visibleBias} and {@code hidden_bias}/{@code hiddenBias}.
   */
  static RbmWeights readRbmWeights(Path file) {
    Map<String, NumberTable> tables = readTables(file);
    NumberTable w = pick(file, tables, "weights");
    return new RbmWeights(w.rows(), member(tables, "visible_bias", "visibleBias"),
        member(tables, "hidden_bias", "hiddenBias"));
  }

  /**
   * A real matrix (rows of equal length, which the readers enforce). JSON key: {@code key}, or
   * a bare array of arrays.
   */
  static double[][] readMatrix(Path file, String key) {
    return table(file, key).rows();
  }

  /** A vector of reals: every number in the file in reading order. JSON key: {@code key}. */
  static double[] readVector(Path file, String key) {
    return table(file, key).flatten();
  }

  /**
   * A cue: every number in reading order, each -1, +1, or 0 for unknown. JSON keys:
   * {@code cue} or {@code values}.
   */
  static int[] readCue(Path file) {
    Map<String, NumberTable> tables = readTables(file);
    NumberTable t = tables.containsKey("cue") ? tables.get("cue") : pick(file, tables, "values");
    double[] flat = t.flatten();
    int[] out = new int[flat.length];
    for (int k = 0; k < flat.length; k++) {
      double v = flat[k];
      if (v != -1 && v != 0 && v != 1) {
        throw new InputFileException(
            t.whereFlat(k) + ": cue values must be -1, +1, or 0 for unknown; found " + number(v));
      }
      out[k] = (int) v;
    }
    return out;
  }

  private static double[] member(Map<String, NumberTable> tables, String snake, String camel) {
    NumberTable t = tables.containsKey(snake) ? tables.get(snake) : tables.get(camel);
    return t == null ? null : t.flatten();
  }

  private static NumberTable table(Path file, String key) {
    return pick(file, readTables(file), key);
  }

  private static NumberTable pick(Path file, Map<String, NumberTable> tables, String key) {
    NumberTable t = tables.containsKey(key) ? tables.get(key) : tables.get("");
    if (t == null) {
      throw new InputFileException(
          file + ": expected a JSON array, or an object with a \"" + key + "\" array; found keys "
              + tables.keySet());
    }
    if (t.rowCount() == 0) {
      throw new InputFileException(file + ": no numbers found");
    }
    return t;
  }

  /** ±1 rows; 0/1 input is converted with a note; mixed or other values are errors. */
  private static int[][] spins(NumberTable t, Consumer<String> notes) {
    double[][] rows = t.rows();
    int[] minusAt = null;
    int[] zeroAt = null;
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < rows[r].length; c++) {
        double v = rows[r][c];
        if (v == -1 && minusAt == null) {
          minusAt = new int[] {r, c};
        } else if (v == 0 && zeroAt == null) {
          zeroAt = new int[] {r, c};
        } else if (v != 1 && v != -1 && v != 0) {
          throw new InputFileException(
              t.where(r, c) + ": pattern values must be ±1 (or 0/1); found " + number(v));
        }
      }
    }
    if (minusAt != null && zeroAt != null) {
      throw new InputFileException(
          t.where(zeroAt[0], zeroAt[1]) + ": found 0 in a file that also has -1 (at "
              + t.where(minusAt[0], minusAt[1]) + "); use either ±1 or 0/1 values");
    }
    boolean zeroOne = zeroAt != null;
    if (zeroOne) {
      notes.accept("note: " + t.source() + " holds 0/1 values; reading 0 as -1 and 1 as +1");
    }
    int[][] out = new int[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      out[r] = new int[rows[r].length];
      for (int c = 0; c < rows[r].length; c++) {
        out[r][c] = rows[r][c] == 0 ? -1 : (int) rows[r][c];
      }
    }
    return out;
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String extension(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
