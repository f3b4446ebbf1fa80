package org.ebmsim.data;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.ZipException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.memory.MemoryBudget;

/**
 * Reads comma-separated numbers (gzipped or not): one row per line, the same number of fields in
 * every row, blank lines skipped, surrounding spaces ignored. One column may hold the labels.
 * A header line is told by a flag or, by default, by holding a field that is not a number.
 */
public final class CsvDatasetReader {
  /** Where the header line is. */
  public enum Header {
    /** The first line is a header if any of its fields is not a number. */
    AUTO,
    /** The first line is a header. */
    PRESENT,
    /** Every line is data. */
    ABSENT
  }

  /**
   * @param labelColumn the column of the labels counted from 0, negative from the end (-1: the
   *     last), or null when the file has no labels
   */
  public record Options(Header header, Integer labelColumn) {
    public Options {
      java.util.Objects.requireNonNull(header, "header");
    }

    public static Options noLabels() {
      return new Options(Header.AUTO, null);
    }
  }

  private static final int INITIAL_CAPACITY = 1 << 14;

  private CsvDatasetReader() {}

  /**
   * Reads the whole stream; charges its growing buffers to {@code memory} before allocating them.
   *
   * @throws InvalidRequestException on a malformed file, naming the line
   */
  public static Dataset read(InputStream raw, Options options, MemoryBudget.Reservation memory) throws IOException {
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(Gzip.maybeDecompress(raw), StandardCharsets.UTF_8),
          1 << 16);
      return new Parse(options, memory).run(in);
    } catch (ZipException | EOFException e) {
      throw new InvalidRequestException("the CSV file is a damaged or truncated gzip stream (" + e.getMessage() + ")", e);
    }
  }

  /** One read: the growing buffers and the shape seen so far. */
  private static final class Parse {
    private final Options options;
    private final MemoryBudget.Reservation memory;
    private float[] values = new float[0];
    private int[] labels = new int[0];
    private int size;
    private int rows;
    private int fields = -1;
    private int labelAt = -1;

    Parse(Options options, MemoryBudget.Reservation memory) {
      this.options = options;
      this.memory = memory;
    }

    Dataset run(BufferedReader in) throws IOException {
      String line;
      int lineNumber = 0;
      boolean first = true;
      String[] parts = new String[16];
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        int n = split(line, parts);
        if (n > parts.length) {
          parts = new String[n];
          split(line, parts);
        }
        if (first) {
          first = false;
          if (options.header() == Header.PRESENT
              || (options.header() == Header.AUTO && !allNumbers(parts, n))) {
            continue;
          }
        }
        addRow(parts, n, lineNumber);
      }
      InvalidRequestException.require(rows >= 1, "the CSV file has no data rows");
      int cols = fields - (labelAt >= 0 ? 1 : 0);
      InvalidRequestException.require(cols >= 1, "the CSV file has no value columns besides the label column");
      float[] exact = values;
      if (values.length != size) {
        memory.grow(4L * size, "reading the CSV file");
        exact = Arrays.copyOf(values, size);
      }
      int[] exactLabels = null;
      if (labelAt >= 0) {
        memory.grow(4L * rows, "reading the CSV file");
        exactLabels = Arrays.copyOf(labels, rows);
      }
      return new Dataset(rows, cols, exact, exactLabels, 0, 0, new int[0]);
    }

    private void addRow(String[] parts, int n, int lineNumber) {
      if (fields < 0) {
        fields = n;
        if (options.labelColumn() != null) {
          int c = options.labelColumn();
          labelAt = c < 0 ? n + c : c;
          InvalidRequestException.require(labelAt >= 0 && labelAt < n, "label column " + c
              + " does not exist: the CSV rows have " + n + " columns");
        }
      }
      InvalidRequestException.require(n == fields,
          "line " + lineNumber + " of the CSV file has " + n + " columns; the first data row has " + fields);
      int cols = fields - (labelAt >= 0 ? 1 : 0);
      ensureCapacity((long) size + cols);
      for (int c = 0; c < n; c++) {
        String field = parts[c];
        if (c == labelAt) {
          labels[rows] = Labels.of(number(field, lineNumber, c), "the CSV file's label column", rows);
        } else {
          values[size++] = (float) number(field, lineNumber, c);
        }
      }
      rows++;
    }

    private void ensureCapacity(long needed) {
      InvalidRequestException.require(needed <= IdxReader.MAX_ELEMENTS, "the CSV file has more than "
          + IdxReader.MAX_ELEMENTS + " values");
      if (needed > values.length) {
        int grown = (int) Math.min(IdxReader.MAX_ELEMENTS, Math.max(needed, Math.max(INITIAL_CAPACITY,
            2L * values.length)));
        memory.grow(4L * grown, "reading the CSV file");
        values = Arrays.copyOf(values, grown);
      }
      if (labelAt >= 0 && rows >= labels.length) {
        int grown = Math.max(1024, 2 * labels.length);
        memory.grow(4L * grown, "reading the CSV file");
        labels = Arrays.copyOf(labels, grown);
      }
    }

    private static double number(String field, int lineNumber, int column) {
      try {
        return Double.parseDouble(field);
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("line " + lineNumber + ", column " + column + " of the CSV file is not a number: "
            + org.ebmsim.errors.Quoting.quote(field));
      }
    }

    private static boolean allNumbers(String[] parts, int n) {
      for (int c = 0; c < n; c++) {
        try {
          Double.parseDouble(parts[c]);
        } catch (NumberFormatException e) {
          return false;
        }
      }
      return true;
    }

    /** Splits at commas into {@code parts} (trimmed) when it has room; returns the field count. */
    private static int split(String line, String[] parts) {
      int n = 0;
      int start = 0;
      int len = line.length();
      while (true) {
        int comma = line.indexOf(',', start);
        int end = comma < 0 ? len : comma;
        if (n < parts.length) {
          parts[n] = line.substring(start, end).trim();
        }
        n++;
        if (comma < 0) {
          return n;
        }
        start = comma + 1;
      }
    }
  }
}
