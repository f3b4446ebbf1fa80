package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads CSV-like text: one row per line, values separated by commas and/or whitespace,
 * {@code #} starts a comment, blank lines are skipped. Every row must have the same number
 * of values.
 */
final class CsvTableReader {
  /** A plain decimal number; stricter than Double.parseDouble (no NaN, hex or 'd' suffix). */
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private CsvTableReader() {}

  static NumberTable read(String source, List<String> text) {
    List<double[]> rows = new ArrayList<>();
    List<int[]> lines = new ArrayList<>();
    List<int[]> columns = new ArrayList<>();
    int firstRowLine = 0;
    for (int i = 0; i < text.size(); i++) {
      int lineNo = i + 1;
      String line = text.get(i);
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      List<Double> values = new ArrayList<>();
      List<Integer> cols = new ArrayList<>();
      parseLine(source, lineNo, line, values, cols);
      if (values.isEmpty()) {
        continue;
      }
      if (!rows.isEmpty() && values.size() != rows.get(0).length) {
        throw new InputFileException(
            source + ":" + lineNo + ": row has " + values.size() + " values, but the first row (line "
                + firstRowLine + ") has " + rows.get(0).length);
      }
      if (rows.isEmpty()) {
        firstRowLine = lineNo;
      }
      double[] row = new double[values.size()];
      int[] lineOf = new int[values.size()];
      int[] colOf = new int[values.size()];
      for (int k = 0; k < row.length; k++) {
        row[k] = values.get(k);
        lineOf[k] = lineNo;
        colOf[k] = cols.get(k);
      }
      rows.add(row);
      lines.add(lineOf);
      columns.add(colOf);
    }
    if (rows.isEmpty()) {
      throw new InputFileException(source + ": no numbers found");
    }
    return new NumberTable(
        source,
        rows.toArray(new double[0][]),
        lines.toArray(new int[0][]),
        columns.toArray(new int[0][]));
  }

  private static void parseLine(
      String source, int lineNo, String line, List<Double> values, List<Integer> cols) {
    int p = 0;
    int n = line.length();
    boolean expectValue = false; // true right after a comma
    boolean any = false;
    while (true) {
      while (p < n && Character.isWhitespace(line.charAt(p))) {
        p++;
      }
      if (p == n) {
        if (expectValue) {
          throw new InputFileException(source + ":" + lineNo + ":" + (p + 1) + ": missing value after ','");
        }
        return;
      }
      char c = line.charAt(p);
      if (c == ',') {
        if (!any || expectValue) {
          throw new InputFileException(source + ":" + lineNo + ":" + (p + 1) + ": empty value before ','");
        }
        expectValue = true;
        p++;
        continue;
      }
      int start = p;
      while (p < n && line.charAt(p) != ',' && !Character.isWhitespace(line.charAt(p))) {
        p++;
      }
      String token = line.substring(start, p);
      if (!NUMBER.matcher(token).matches()) {
        throw new InputFileException(
            source + ":" + lineNo + ":" + (start + 1) + ": not a number: \"" + token + "\"");
      }
      double v = Double.parseDouble(token);
      if (!Double.isFinite(v)) {
        throw new InputFileException(
            source + ":" + lineNo + ":" + (start + 1) + ": number out of range: " + token);
      }
      values.add(v);
      cols.add(start + 1);
      any = true;
      expectValue = false;
    }
  }
}
