package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws ±1 patterns as text: {@code #} for +1, {@code .} for -1 and {@code ?} for 0
 * (unknown). Images are drawn row by row; several pictures can be placed side by side.
 */
final class AsciiArt {
  /** Width of a non-image pattern drawn as wrapped lines. */
  static final int LINE_WIDTH = 64;

  private AsciiArt() {}

  /** One character per unit. */
  static char glyph(int spin) {
    return spin > 0 ? '#' : spin < 0 ? '.' : '?';
  }

  /**
   * The first {@code height × width} units of {@code spins} as {@code height} lines.
   *
   * @throws IllegalArgumentException if there are fewer units than pixels
   */
  static List<String> image(int[] spins, int height, int width) {
    if ((long) height * width > spins.length) {
      throw new IllegalArgumentException(
          "image " + height + "x" + width + " needs " + ((long) height * width) + " units, got " + spins.length);
    }
    List<String> lines = new ArrayList<>(height);
    for (int r = 0; r < height; r++) {
      StringBuilder sb = new StringBuilder(width);
      for (int c = 0; c < width; c++) {
        sb.append(glyph(spins[r * width + c]));
      }
      lines.add(sb.toString());
    }
    return lines;
  }

  /** A pattern without image shape: lines of at most {@link #LINE_WIDTH} characters. */
  static List<String> wrapped(int[] spins) {
    List<String> lines = new ArrayList<>();
    for (int start = 0; start < spins.length; start += LINE_WIDTH) {
      StringBuilder sb = new StringBuilder(LINE_WIDTH);
      for (int i = start; i < Math.min(spins.length, start + LINE_WIDTH); i++) {
        sb.append(glyph(spins[i]));
      }
      lines.add(sb.toString());
    }
    return lines;
  }

  /**
   * Places pictures side by side under their titles, padded to equal width, separated by
   * {@code separator} on the middle line (e.g. {@code " -> "}) and by blanks elsewhere.
   */
  static List<String> sideBySide(List<String> titles, List<List<String>> pictures, String separator) {
    if (titles.size() != pictures.size()) {
      throw new IllegalArgumentException("one title per picture");
    }
    int height = 0;
    int[] widths = new int[pictures.size()];
    for (int i = 0; i < pictures.size(); i++) {
      height = Math.max(height, pictures.get(i).size());
      widths[i] = titles.get(i).length();
      for (String line : pictures.get(i)) {
        widths[i] = Math.max(widths[i], line.length());
      }
    }
    String blank = " ".repeat(separator.length());
    int middle = (height - 1) / 2;
    List<String> out = new ArrayList<>(height + 1);
    out.add(join(titles, widths, i -> blank));
    for (int r = 0; r < height; r++) {
      int row = r;
      List<String> cells = new ArrayList<>();
      for (List<String> p : pictures) {
        cells.add(row < p.size() ? p.get(row) : "");
      }
      out.add(join(cells, widths, i -> row == middle ? separator : blank));
    }
    return out;
  }

  private static String join(List<String> cells, int[] widths, java.util.function.IntFunction<String> gap) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(gap.apply(i));
      }
      String cell = cells.get(i);
      sb.append(cell);
      if (i < cells.size() - 1) {
        sb.append(" ".repeat(widths[i] - cell.length()));
      }
    }
    return sb.toString().stripTrailing();
  }
}
