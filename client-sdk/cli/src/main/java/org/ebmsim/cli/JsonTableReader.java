package org.ebmsim.cli;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads numeric arrays from JSON: either a bare array (of numbers, or of arrays of numbers)
 * stored under the key {@code ""}, or an object whose array-valued members are stored under
 * their names (other members are ignored). Each number keeps its line and column.
 *
 * <p>Implementation notes: Gson's streaming reader does not expose its position, but its
 * {@code toString()} is {@code "JsonReader at line L column C path P"}; after {@code peek()}
 * that position is the first character of the value, which is what the messages show.
 */
final class JsonTableReader {
  private static final Pattern LOCATION = Pattern.compile("line (\\d+) column (\\d+)");

  private JsonTableReader() {}

  static Map<String, NumberTable> read(String source, Reader text) {
    Map<String, NumberTable> tables = new LinkedHashMap<>();
    try (JsonReader reader = new JsonReader(text)) {
      JsonToken top = reader.peek();
      if (top == JsonToken.BEGIN_ARRAY) {
        tables.put("", readArray(source, reader));
      } else if (top == JsonToken.BEGIN_OBJECT) {
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          if (reader.peek() == JsonToken.BEGIN_ARRAY) {
            tables.put(name, readArray(source, reader));
          } else {
            reader.skipValue();
          }
        }
        reader.endObject();
      } else {
        throw new InputFileException(
            at(source, reader) + ": expected a JSON array or object, found " + describe(top));
      }
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new InputFileException(at(source, reader) + ": unexpected content after the JSON value");
      }
    } catch (IOException e) {
      throw new InputFileException(malformed(source, e), e);
    } catch (IllegalStateException e) {
      throw new InputFileException(malformed(source, e), e);
    }
    return tables;
  }

  /** An array of numbers (one row) or an array of arrays of numbers (rows). */
  private static NumberTable readArray(String source, JsonReader reader) throws IOException {
    List<double[]> rows = new ArrayList<>();
    List<int[]> lines = new ArrayList<>();
    List<int[]> columns = new ArrayList<>();
    String firstRowWhere = null;
    reader.beginArray();
    if (reader.hasNext() && reader.peek() != JsonToken.BEGIN_ARRAY) {
      readRow(source, reader, rows, lines, columns, true);
      return table(source, rows, lines, columns);
    }
    while (reader.hasNext()) {
      if (reader.peek() != JsonToken.BEGIN_ARRAY) {
        throw new InputFileException(
            at(source, reader) + ": expected a row (an array of numbers), found " + describe(reader.peek()));
      }
      // After peek() of '[' Gson's position is one past the bracket; point at the bracket.
      int[] lc = lineColumn(reader);
      String rowWhere = lc[0] + ":" + Math.max(1, lc[1] - 1);
      reader.beginArray();
      readRow(source, reader, rows, lines, columns, false);
      int got = rows.get(rows.size() - 1).length;
      if (rows.size() == 1) {
        firstRowWhere = rowWhere;
      } else if (got != rows.get(0).length) {
        throw new InputFileException(
            source + ":" + rowWhere + ": row " + rows.size() + " has " + got
                + " values, but the first row (at " + firstRowWhere + ") has " + rows.get(0).length);
      }
    }
    reader.endArray();
    return table(source, rows, lines, columns);
  }

  /** Reads numbers up to and including the closing bracket of the current array. */
  private static void readRow(
      String source,
      JsonReader reader,
      List<double[]> rows,
      List<int[]> lines,
      List<int[]> columns,
      boolean flat)
      throws IOException {
    List<Double> values = new ArrayList<>();
    List<int[]> where = new ArrayList<>();
    while (reader.hasNext()) {
      JsonToken t = reader.peek();
      if (t != JsonToken.NUMBER) {
        String hint = flat && t == JsonToken.BEGIN_ARRAY ? " (rows must be all numbers or all arrays)" : "";
        throw new InputFileException(
            at(source, reader) + ": expected a number, found " + describe(t) + hint);
      }
      where.add(lineColumn(reader));
      values.add(reader.nextDouble());
    }
    reader.endArray();
    if (values.isEmpty()) {
      throw new InputFileException(at(source, reader) + ": empty row");
    }
    double[] row = new double[values.size()];
    int[] lineOf = new int[row.length];
    int[] colOf = new int[row.length];
    for (int k = 0; k < row.length; k++) {
      row[k] = values.get(k);
      lineOf[k] = where.get(k)[0];
      colOf[k] = where.get(k)[1];
    }
    rows.add(row);
    lines.add(lineOf);
    columns.add(colOf);
  }

  private static NumberTable table(
      String source, List<double[]> rows, List<int[]> lines, List<int[]> columns) {
    return new NumberTable(
        source,
        rows.toArray(new double[0][]),
        lines.toArray(new int[0][]),
        columns.toArray(new int[0][]));
  }

  private static int[] lineColumn(JsonReader reader) {
    Matcher m = LOCATION.matcher(reader.toString());
    return m.find()
        ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))}
        : new int[] {0, 0};
  }

  private static String position(JsonReader reader) {
    int[] lc = lineColumn(reader);
    return lc[0] + ":" + lc[1];
  }

  private static String at(String source, JsonReader reader) {
    return source + ":" + position(reader);
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case BEGIN_ARRAY -> "an array";
      case BEGIN_OBJECT -> "an object";
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case NUMBER -> "a number";
      case END_DOCUMENT -> "the end of the file";
      default -> t.toString();
    };
  }

  /** Gson's syntax messages end in a troubleshooting link; keep the first line, add the place. */
  private static String malformed(String source, Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
    Matcher m = LOCATION.matcher(message);
    String place = m.find() ? ":" + m.group(1) + ":" + m.group(2) : "";
    String reason = message.replaceAll("\\s*at line \\d+ column \\d+.*$", "");
    if (reason.startsWith("Use JsonReader.setStrictness") || reason.startsWith("Use JsonReader.setLenient")) {
      reason = "malformed JSON value (numbers must be plain decimals; no NaN, quotes or comments)";
    }
    return source + place + ": invalid JSON: " + reason;
  }
}
