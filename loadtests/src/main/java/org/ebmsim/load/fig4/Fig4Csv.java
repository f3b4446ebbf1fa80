package org.ebmsim.load.fig4;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** fig4.csv: one {@link Fig4Row} per line under a fixed header (what plot_fig4.py reads). */
public final class Fig4Csv {
  public static final String HEADER =
      "init,seed,epoch,batch_size,batches,log_likelihood,standard_error,log_z,effective_sample_size,seconds";

  private Fig4Csv() {}

  public static String line(Fig4Row r) {
    // %.17g keeps every double's digits so that a re-read row equals the written one
    return String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%.17g,%.17g,%.17g,%.17g,%.3f", r.init().label(), r.seed(),
        r.epoch(), r.batchSize(), r.batches(), r.logLikelihood(), r.standardError(), r.logZ(),
        r.effectiveSampleSize(), r.seconds());
  }

  public static void write(Path file, List<Fig4Row> rows) throws IOException {
    StringBuilder s = new StringBuilder(HEADER).append('\n');
    for (Fig4Row r : rows) {
      s.append(line(r)).append('\n');
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, s.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** @throws IllegalArgumentException for a wrong header or a line that does not parse */
  public static List<Fig4Row> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IllegalArgumentException(file + ": the first line must be the header " + HEADER);
    }
    List<Fig4Row> rows = new ArrayList<>();
    for (int k = 1; k < lines.size(); k++) {
      String[] f = lines.get(k).split(",", -1);
      if (f.length != 10) {
        throw new IllegalArgumentException(file + " line " + (k + 1) + ": " + f.length + " fields, expected 10");
      }
      rows.add(new Fig4Row(Fig4Initialisation.of(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]),
          Integer.parseInt(f[3]), Long.parseLong(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
          Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9])));
    }
    return rows;
  }
}
