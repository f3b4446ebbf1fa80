package org.ebmsim.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.ebmsim.proto.v1.SparseCsr;
import org.ebmsim.proto.v1.SparseSpec;

/**
 * The {@code --csr FILE} couplings file, read into a {@link SparseSpec} whose {@link SparseCsr}
 * lists every edge in both rows (the server wants J symmetric). One item per line, blanks or tabs
 * between fields, {@code #} starts a comment:
 * <pre>
 *   units N        the unit count (optional, at most once; otherwise the largest index + 1)
 *   i j J_ij       an undirected edge, 0-based, each edge once (i j or j i, not both)
 *   bias i b_i     a bias (optional, at most once per unit; unlisted units have 0)
 * </pre>
 * Problems are {@link InputFileException}s {@code FILE:LINE: what is wrong}. Edges are held in
 * primitive arrays grown by doubling and checked for repeats by sorting each row, so files of 10⁶
 * edges read without an object per edge.
 */
final class SparseCouplingsFile {
  /** A plain decimal number (no hex, no 'd' suffix); NaN and infinities are recognised apart. */
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)");
  /**
   * Largest unit count a file may declare or imply: the CLI holds O(N) arrays, so an absurd
   * {@code units} line is refused here rather than exhausting the client's heap (the server's own
   * limit, ebmsim.limits.max-sparse-units, is lower by default).
   */
  static final long MAX_UNITS = 1L << 27;

  private final String source;
  private int[] from = new int[64];
  private int[] to = new int[64];
  private double[] value = new double[64];
  private int[] edgeLine = new int[64];
  private int edges;
  private int[] biasUnit = new int[8];
  private double[] biasValue = new double[8];
  private int[] biasLine = new int[8];
  private int biases;
  private long declaredUnits = -1;
  private int unitsLine;
  private long largestIndex = -1;
  private int largestIndexLine;

  private SparseCouplingsFile(String source) {
    this.source = source;
  }

  /** Reads {@code file} into a spec with its CSR and, if the file has bias lines, its biases. */
  static SparseSpec read(Path file) {
    SparseCouplingsFile f = new SparseCouplingsFile(file.toString());
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        f.parse(++lineNo, line);
      }
    } catch (NoSuchFileException e) {
      throw new InputFileException("--csr " + file + ": no such file");
    } catch (IOException | UncheckedIOException e) {
      throw new InputFileException("--csr " + file + ": cannot be read (" + e.getMessage() + ")", e);
    }
    return f.spec();
  }

  /** Reads lines already in memory (tests); {@code source} names them in messages. */
  static SparseSpec read(String source, List<String> lines) {
    SparseCouplingsFile f = new SparseCouplingsFile(source);
    for (int i = 0; i < lines.size(); i++) {
      f.parse(i + 1, lines.get(i));
    }
    return f.spec();
  }

  private InputFileException problem(int line, String what) {
    return new InputFileException(source + ":" + line + ": " + what);
  }

  private void parse(int lineNo, String raw) {
    int hash = raw.indexOf('#');
    String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
    if (line.isEmpty()) {
      return;
    }
    String[] f = line.split("[ \\t]+");
    String head = f[0].toLowerCase(Locale.ROOT);
    if (head.equals("units") && f.length == 2) {
      if (declaredUnits >= 0) {
        throw problem(lineNo, "\"units\" is given twice (first at line " + unitsLine + ")");
      }
      declaredUnits = whole(f[1], 2, MAX_UNITS, lineNo, "units");
      unitsLine = lineNo;
    } else if (head.equals("bias") && f.length == 3) {
      int i = unit(f[1], lineNo);
      double b = number(f[2], lineNo, "b_i");
      if (biases == biasUnit.length) {
        biasUnit = Arrays.copyOf(biasUnit, 2 * biases);
        biasValue = Arrays.copyOf(biasValue, 2 * biases);
        biasLine = Arrays.copyOf(biasLine, 2 * biases);
      }
      biasUnit[biases] = i;
      biasValue[biases] = b;
      biasLine[biases++] = lineNo;
    } else if (f.length == 3 && !head.equals("units") && !head.equals("bias")) {
      int i = unit(f[0], lineNo);
      int j = unit(f[1], lineNo);
      double v = number(f[2], lineNo, "J_ij");
      if (i == j) {
        throw problem(lineNo, "self-loop " + i + " " + j + ": an edge joins two distinct units");
      }
      if (edges == from.length) {
        int grown = (int) Math.min(Integer.MAX_VALUE - 8, 2L * edges);
        if (grown <= edges) {
          throw problem(lineNo, "too many edges for one file");
        }
        from = Arrays.copyOf(from, grown);
        to = Arrays.copyOf(to, grown);
        value = Arrays.copyOf(value, grown);
        edgeLine = Arrays.copyOf(edgeLine, grown);
      }
      from[edges] = i;
      to[edges] = j;
      value[edges] = v;
      edgeLine[edges++] = lineNo;
    } else {
      throw problem(lineNo, "expected \"i j J_ij\", \"bias i b_i\" or \"units N\" (got \"" + line + "\")");
    }
  }

  private long whole(String token, long min, long max, int lineNo, String what) {
    try {
      long v = Long.parseLong(token);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the token
    }
    throw problem(lineNo, what + " must be a whole number in [" + min + ", " + max + "] (got " + token + ")");
  }

  private int unit(String token, int lineNo) {
    long v = whole(token, 0, MAX_UNITS - 1, lineNo, "a unit index");
    if (v > largestIndex) {
      largestIndex = v;
      largestIndexLine = lineNo;
    }
    return (int) v;
  }

  private double number(String token, int lineNo, String what) {
    if (NON_FINITE.matcher(token.toLowerCase(Locale.ROOT)).matches()) {
      throw problem(lineNo, what + " must be finite (got " + token + ")");
    }
    if (!NUMBER.matcher(token).matches()) {
      throw problem(lineNo, what + " \"" + token + "\" is not a number");
    }
    double v = Double.parseDouble(token);
    if (!Double.isFinite(v)) {
      throw problem(lineNo, what + " must be finite (got " + token + ", beyond the double range)");
    }
    return v;
  }

  /** Checks ranges and repeats, then lays the edges out as a symmetric CSR. */
  private SparseSpec spec() {
    if (edges == 0 && biases == 0 && declaredUnits < 0) {
      throw new InputFileException(source + ": no edges, biases or \"units N\" line found");
    }
    long n;
    if (declaredUnits >= 0) {
      if (largestIndex >= declaredUnits) {
        throw problem(largestIndexLine, "unit " + largestIndex + " is out of range: \"units " + declaredUnits
            + "\" (line " + unitsLine + ") allows 0.." + (declaredUnits - 1));
      }
      n = declaredUnits;
    } else {
      n = largestIndex + 1;
      if (n < 2) {
        throw new InputFileException(source + ": a model needs at least 2 units (the largest index is "
            + largestIndex + "; add a \"units N\" line)");
      }
    }
    int units = (int) n;
    int[] start = new int[units + 1];
    for (int e = 0; e < edges; e++) {
      start[from[e] + 1]++;
      start[to[e] + 1]++;
    }
    for (int i = 0; i < units; i++) {
      start[i + 1] += start[i];
    }
    // row entries packed as (column << 32 | edge): sorting a row orders its columns and puts
    // repeats side by side, the edge number pointing back to the value and the line
    long[] packed = new long[2 * edges];
    int[] fill = Arrays.copyOf(start, units);
    for (int e = 0; e < edges; e++) {
      packed[fill[from[e]]++] = ((long) to[e] << 32) | e;
      packed[fill[to[e]]++] = ((long) from[e] << 32) | e;
    }
    int repeatLine = Integer.MAX_VALUE;
    int firstLine = 0;
    int repeatI = 0;
    int repeatJ = 0;
    for (int i = 0; i < units; i++) {
      Arrays.sort(packed, start[i], start[i + 1]);
      for (int k = start[i] + 1; k < start[i + 1]; k++) {
        if (packed[k] >>> 32 == packed[k - 1] >>> 32) {
          int earlier = (int) packed[k - 1];
          int later = (int) packed[k];
          if (edgeLine[later] < repeatLine) {
            repeatLine = edgeLine[later];
            firstLine = edgeLine[earlier];
            repeatI = from[later];
            repeatJ = to[later];
          }
        }
      }
    }
    if (repeatLine != Integer.MAX_VALUE) {
      throw problem(repeatLine, "edge " + repeatI + " " + repeatJ + " is listed twice (first at line " + firstLine
          + "): give each undirected edge once");
    }
    SparseCsr.Builder csr = SparseCsr.newBuilder().setUnits(units);
    for (int i = 0; i <= units; i++) {
      csr.addRowPointers(start[i]);
    }
    for (long entry : packed) {
      csr.addColumnIndices((int) (entry >>> 32));
      csr.addValues(value[(int) entry]);
    }
    SparseSpec.Builder spec = SparseSpec.newBuilder().setCsr(csr);
    if (biases > 0) {
      double[] bias = new double[units];
      int[] givenAt = new int[units];
      for (int b = 0; b < biases; b++) {
        int i = biasUnit[b]; // in range: bias indices count towards the largest index checked above
        if (givenAt[i] != 0) {
          throw problem(biasLine[b], "bias of unit " + i + " is given twice (first at line " + givenAt[i] + ")");
        }
        givenAt[i] = biasLine[b];
        bias[i] = biasValue[b];
      }
      for (double b : bias) {
        spec.addBias(b);
      }
    }
    return spec.build();
  }
}
