package org.ebmsim.cli.plot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/**
 * Writes a chart as a PNG file. JFreeChart (org.jfree:jfreechart, LGPL) is the charting library
 * because it is pure Java with no native dependencies (it draws with Java2D, so it runs headless on
 * a server or in CI), exports PNG itself, and has mature axis, legend and dual-axis handling; it is
 * maintained and on Maven Central. The image is written beside the target and renamed over it,
 * so a failed run never leaves a truncated PNG.
 */
public final class PngFile {
  /** The size of a run's PNG, in pixels. */
  public static final int WIDTH = 960;
  public static final int HEIGHT = 600;

  private PngFile() {
  }

  /**
   * Draws {@code chart} into {@code target} ({@link #WIDTH} × {@link #HEIGHT}).
   *
   * @throws IOException if the file cannot be written: the JDK's FileSystemException subclasses
   *     (its folder does not exist, permission denied, ...)
   */
  public static void write(JFreeChart chart, Path target) throws IOException {
    // no display is needed (or wanted) to draw into an image; set before AWT first loads
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    Path absolute = target.toAbsolutePath();
    Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
        ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
      }
      Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
