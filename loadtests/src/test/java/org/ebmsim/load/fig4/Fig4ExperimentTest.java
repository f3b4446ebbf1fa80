package org.ebmsim.load.fig4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole experiment on a tiny IDX dataset against an embedded server: every row measured, the
 * CSV round trip, and a second run with the same seeds giving bit-identical estimates.
 */
class Fig4ExperimentTest {
  private static final int ROWS = 240;
  private static final int SIDE = 6; // 36 pixels: 10 class means stay linearly independent
  private static final int CLASSES = 10;

  @TempDir Path dir;

  @Test
  void tinyRunMeasuresEveryInitialisationAtEveryEpochAndWritesTheCsv() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    writeIdx(root);
    Path out = dir.resolve("out");
    Fig4Settings s = Fig4Settings.parse(new String[] {"--root", root.toString(), "--images", "images.idx.gz",
        "--labels", "labels.idx.gz", "--epochs", "2", "--batch", "20", "--gibbs", "2", "--ais-chains", "16",
        "--ais-steps", "200", "--out", out.toString()});
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<Fig4Row> rows = Fig4Experiment.run(s, new PrintStream(log, true, StandardCharsets.UTF_8));

    // 240 rows, 1/6 held out: 200 training rows, 10 batches of 20 per epoch
    assertEquals(4 * 3, rows.size(), "four initialisations × epochs 0, 1, 2");
    int k = 0;
    for (Fig4Initialisation init : Fig4Initialisation.values()) {
      for (int epoch = 0; epoch <= 2; epoch++) {
        Fig4Row r = rows.get(k++);
        assertEquals(init, r.init());
        assertEquals(1, r.seed());
        assertEquals(epoch, r.epoch());
        assertEquals(10L * epoch, r.batches());
        assertEquals(20, r.batchSize());
        assertTrue(Double.isFinite(r.logLikelihood()) && r.logLikelihood() < 0, "log-likelihood " + r);
        // a mean log-probability of 36 spins cannot be above 0 nor, for these small weights, be
        // thousands of nats below the uniform model's −36 ln 2
        assertTrue(r.logLikelihood() > -2000, "log-likelihood " + r);
        assertTrue(Double.isFinite(r.standardError()) && r.standardError() >= 0, "standard error " + r);
        assertTrue(r.effectiveSampleSize() >= 1 && r.effectiveSampleSize() <= 16 + 1e-9, "ESS " + r);
        assertTrue(r.seconds() >= 0, "seconds " + r);
      }
    }
    assertEquals(rows, Fig4Csv.read(out.resolve("fig4.csv")), "the CSV holds exactly the rows returned");
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("200 training rows, 40 held out"), text);

    // same settings and seeds, a fresh server: bit-identical estimates (only the timings differ)
    List<Fig4Row> again = Fig4Experiment.run(s, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));
    assertEquals(rows.stream().map(Fig4ExperimentTest::withoutTime).toList(),
        again.stream().map(Fig4ExperimentTest::withoutTime).toList());
  }

  private static Fig4Row withoutTime(Fig4Row r) {
    return new Fig4Row(r.init(), r.seed(), r.epoch(), r.batchSize(), r.batches(), r.logLikelihood(),
        r.standardError(), r.logZ(), r.effectiveSampleSize(), 0);
  }

  /**
   * Ten noisy prototypes of 6×6 byte images (labels 0..9), gzipped IDX: prototype pixels 200 or
   * 20, each flipped with probability 0.1.
   */
  private static void writeIdx(Path root) throws IOException {
    SplittableRandom r = new SplittableRandom(7);
    boolean[][] proto = new boolean[CLASSES][SIDE * SIDE];
    for (boolean[] p : proto) {
      for (int i = 0; i < p.length; i++) {
        p[i] = r.nextBoolean();
      }
    }
    byte[] images = new byte[16 + ROWS * SIDE * SIDE];
    header(images, 0x0803, ROWS, SIDE, SIDE);
    byte[] labels = new byte[8 + ROWS];
    header(labels, 0x0801, ROWS);
    for (int row = 0; row < ROWS; row++) {
      int c = row % CLASSES;
      labels[8 + row] = (byte) c;
      for (int i = 0; i < SIDE * SIDE; i++) {
        boolean on = proto[c][i] ^ (r.nextDouble() < 0.1);
        images[16 + row * SIDE * SIDE + i] = (byte) (on ? 200 : 20);
      }
    }
    gzip(root.resolve("images.idx.gz"), images);
    gzip(root.resolve("labels.idx.gz"), labels);
  }

  private static void header(byte[] out, int magic, int... sizes) {
    putInt(out, 0, magic);
    for (int d = 0; d < sizes.length; d++) {
      putInt(out, 4 + 4 * d, sizes[d]);
    }
  }

  private static void putInt(byte[] out, int at, int v) {
    out[at] = (byte) (v >>> 24);
    out[at + 1] = (byte) (v >>> 16);
    out[at + 2] = (byte) (v >>> 8);
    out[at + 3] = (byte) v;
  }

  private static void gzip(Path file, byte[] bytes) throws IOException {
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(bytes);
    }
  }
}
