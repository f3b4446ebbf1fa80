package org.ebmsim.cli.plot;

import org.ebmsim.proto.v1.AisProgress;
import org.ebmsim.proto.v1.SessionEvent;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * An AIS run: the running estimate log Ẑ with its ± one standard error band against the
 * temperature index (the step along the β schedule), and the standard error itself on a second axis. Reverse AIS has no running estimate
 * until its last step, so only the steps that carry one are drawn.
 */
public final class AisCurves implements RunCurves {
  private final YIntervalSeries logZ = new YIntervalSeries("log Ẑ ± standard error");
  private final XYSeries stdError = new XYSeries("standard error");

  @Override
  public void accept(SessionEvent event) {
    if (event.hasPartitionFunctionProgress()) {
      AisProgress p = event.getPartitionFunctionProgress();
      if (p.getHasLogZ() && Double.isFinite(p.getLogZ())) {
        double error = Double.isFinite(p.getStdError()) ? p.getStdError() : 0;
        logZ.add(p.getStep(), p.getLogZ(), p.getLogZ() - error, p.getLogZ() + error);
        stdError.add(p.getStep(), error);
      }
    }
  }

  @Override
  public boolean isEmpty() {
    return logZ.isEmpty();
  }

  @Override
  public JFreeChart chart(String title) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    data.addSeries(logZ);
    DeviationRenderer band = new DeviationRenderer(true, false);
    band.setSeriesPaint(0, Charts.BLUE);
    band.setSeriesFillPaint(0, Charts.BLUE);
    band.setSeriesStroke(0, Charts.SOLID);
    band.setAlpha(0.25f);
    XYPlot plot = Charts.plot("temperature index (step)", "log Ẑ", data, band);
    // the band is often thinner than a line at log Ẑ's scale; the error on its own axis shows how it grows
    NumberAxis errorAxis = new NumberAxis("standard error of log Ẑ");
    errorAxis.setAutoRangeIncludesZero(true);
    Charts.secondAxis(plot, errorAxis, new XYSeriesCollection(stdError), Charts.dashed(Charts.ORANGE));
    return Charts.chart(title, plot);
  }
}
