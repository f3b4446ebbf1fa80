package org.ebmsim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a real matrix as a CSV file that {@link InputFiles} reads back exactly: one row per
 * line, values in Java's shortest round-trip form.
 */
final class MatrixCsv {
  private MatrixCsv() {}

  /**
   * Writes {@code rows} to {@code file}, replacing it.
   *
   * @throws InputFileException if the file cannot be written (a usage error of the CLI)
   */
  static void write(Path file, double[][] rows) {
    StringBuilder sb = new StringBuilder();
    for (double[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        if (c > 0) {
          sb.append(',');
        }
        sb.append(row[c]);
      }
      sb.append('\n');
    }
    try {
      Files.writeString(file, sb, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InputFileException(file + ": cannot write: " + e.getMessage(), e);
    }
  }
}
