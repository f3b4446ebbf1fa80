package org.ebmsim.cli.plot;

import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.SessionEvent;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * An annealing run: the chains' energy (min, mean, max over chains) against the sweep, with the
 * temperature on a second axis, one point per progress event.
 */
public final class AnnealCurves implements RunCurves {
  private final XYSeries min = new XYSeries("energy min");
  private final XYSeries mean = new XYSeries("energy mean");
  private final XYSeries max = new XYSeries("energy max");
  private final XYSeries temperature = new XYSeries("temperature");

  @Override
  public void accept(SessionEvent event) {
    if (event.hasAnnealProgress()) {
      AnnealProgress p = event.getAnnealProgress();
      min.add(p.getSweep(), p.getEnergy().getMin());
      mean.add(p.getSweep(), p.getEnergy().getMean());
      max.add(p.getSweep(), p.getEnergy().getMax());
      temperature.add(p.getSweep(), p.getTemperature());
    }
  }

  @Override
  public boolean isEmpty() {
    return mean.isEmpty();
  }

  @Override
  public JFreeChart chart(String title) {
    XYSeriesCollection energies = new XYSeriesCollection();
    energies.addSeries(min);
    energies.addSeries(mean);
    energies.addSeries(max);
    XYPlot plot = Charts.plot("sweep", "energy", energies,
        Charts.lines(Charts.BLUE, Charts.BLACK, Charts.RED));
    NumberAxis temperatureAxis = new NumberAxis("temperature");
    temperatureAxis.setAutoRangeIncludesZero(true);
    XYLineAndShapeRenderer dashed = Charts.lines(Charts.ORANGE);
    dashed.setSeriesStroke(0, Charts.DASHED);
    Charts.secondAxis(plot, temperatureAxis, new XYSeriesCollection(temperature), dashed);
    return Charts.chart(title, plot);
  }
}
