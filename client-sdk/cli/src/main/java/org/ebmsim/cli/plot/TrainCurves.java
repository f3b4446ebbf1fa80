package org.ebmsim.cli.plot;

import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SplitMetrics;
import org.ebmsim.proto.v1.TrainProgress;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A training run, one point per epoch (the rows of the table {@code ebmsim train} prints):
 * reconstruction error on the training and held-out rows on the left axis; pseudo-log-likelihood
 * on both, and the AIS log-likelihood of the held-out rows when measured, on the right axis.
 * Metrics a run does not have (no held-out rows, real-valued units, no AIS) are left out.
 */
public final class TrainCurves implements RunCurves {
  private final XYSeries trainRecon = new XYSeries("train reconstruction error");
  private final XYSeries heldOutRecon = new XYSeries("held-out reconstruction error");
  private final XYSeries trainPll = new XYSeries("train pseudo-log-likelihood");
  private final XYSeries heldOutPll = new XYSeries("held-out pseudo-log-likelihood");
  private final XYSeries aisLl = new XYSeries("held-out log-likelihood (AIS)");

  @Override
  public void accept(SessionEvent event) {
    if (event.hasTrainProgress() && event.getTrainProgress().getEpochEnd()) {
      TrainProgress p = event.getTrainProgress();
      int epoch = p.getEpoch() + 1; // the table's "1/3": epochs done
      add(trainRecon, epoch, p.getTrain(), p.getTrain().getReconstructionError());
      add(heldOutRecon, epoch, p.getHeldOut(), p.getHeldOut().getReconstructionError());
      add(trainPll, epoch, p.getTrain(), p.getTrain().getPseudoLogLikelihood());
      add(heldOutPll, epoch, p.getHeldOut(), p.getHeldOut().getPseudoLogLikelihood());
      if (p.hasAis() && Double.isFinite(p.getAis().getLogLikelihood())) {
        aisLl.add(epoch, p.getAis().getLogLikelihood());
      }
    }
  }

  private static void add(XYSeries series, int epoch, SplitMetrics split, double value) {
    if (split.getRows() > 0 && Double.isFinite(value)) {
      series.add(epoch, value);
    }
  }

  @Override
  public boolean isEmpty() {
    return trainRecon.isEmpty() && heldOutRecon.isEmpty();
  }

  @Override
  public JFreeChart chart(String title) {
    XYSeriesCollection recon = new XYSeriesCollection();
    recon.addSeries(trainRecon);
    recon.addSeries(heldOutRecon);
    XYPlot plot = Charts.plot("epoch", "reconstruction error", recon, Charts.lines(Charts.BLUE, Charts.RED));
    XYSeriesCollection likelihoods = new XYSeriesCollection();
    for (XYSeries s : new XYSeries[] {trainPll, heldOutPll, aisLl}) {
      if (!s.isEmpty()) {
        likelihoods.addSeries(s);
      }
    }
    if (likelihoods.getSeriesCount() > 0) {
      NumberAxis axis = new NumberAxis("log-likelihood per row");
      axis.setAutoRangeIncludesZero(false);
      Charts.secondAxis(plot, axis, likelihoods, Charts.dashed(Charts.GREEN, Charts.ORANGE, Charts.BLACK));
    }
    plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    return Charts.chart(title, plot);
  }
}
