package org.ebmsim.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYDataset;

/**
 * The look every run chart shares: white background, light grid, a palette that stays apart in
 * print, lines with small markers (a run with few reports still shows its points), the legend
 * below. Kept in one place so the three charts read alike.
 */
final class Charts {
  static final Color BLUE = new Color(0x1f, 0x77, 0xb4);
  static final Color RED = new Color(0xd6, 0x27, 0x28);
  static final Color GREEN = new Color(0x2c, 0xa0, 0x2c);
  static final Color ORANGE = new Color(0xff, 0x7f, 0x0e);
  static final Color BLACK = new Color(0x20, 0x20, 0x20);
  static final Stroke SOLID = new BasicStroke(2f);
  static final Stroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
      new float[] {6f, 4f}, 0f);

  static final int MARKED_POINTS = 40;

  private Charts() {
  }

  /** A plot of {@code data} on number axes that fit the data (zero not forced in). */
  static XYPlot plot(String x, String y, XYDataset data, XYItemRenderer renderer) {
    NumberAxis xAxis = new NumberAxis(x);
    xAxis.setAutoRangeIncludesZero(false);
    NumberAxis yAxis = new NumberAxis(y);
    yAxis.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    return plot;
  }

  /** Adds {@code data} to {@code plot} against a second range axis on the right. */
  static void secondAxis(XYPlot plot, NumberAxis axis, XYDataset data, XYItemRenderer renderer) {
    plot.setRangeAxis(1, axis);
    plot.setDataset(1, data);
    plot.mapDatasetToRangeAxis(1, 1);
    plot.setRenderer(1, renderer);
  }

  /** Solid lines with markers, series k in {@code colours[k]}. */
  static XYLineAndShapeRenderer lines(Color... colours) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    for (int k = 0; k < colours.length; k++) {
      r.setSeriesPaint(k, colours[k]);
      r.setSeriesStroke(k, SOLID);
    }
    return r;
  }

  /** Dashed lines with markers, series k in {@code colours[k]}: a second axis's series. */
  static XYLineAndShapeRenderer dashed(Color... colours) {
    XYLineAndShapeRenderer r = lines(colours);
    for (int k = 0; k < colours.length; k++) {
      r.setSeriesStroke(k, DASHED);
    }
    return r;
  }

  /**
   * The chart around {@code plot}, legend included, on white. Markers are drawn only on series of
   * at most {@link #MARKED_POINTS} points: beyond that they hide the line.
   */
  static JFreeChart chart(String title, XYPlot plot) {
    for (int d = 0; d < plot.getDatasetCount(); d++) {
      if (plot.getDataset(d) != null && plot.getRenderer(d) instanceof XYLineAndShapeRenderer r) {
        for (int s = 0; s < plot.getDataset(d).getSeriesCount(); s++) {
          r.setSeriesShapesVisible(s, plot.getDataset(d).getItemCount(s) <= MARKED_POINTS);
        }
      }
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }
}
