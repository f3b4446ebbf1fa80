package org.ebmsim.load.fig4;

/**
 * One measurement: the held-out mean log-likelihood of one initialisation and seed after
 * {@code epoch} epochs (0: the initial weights, before any update).
 *
 * @param batchSize mini-batch size of the training run
 * @param batches weight updates done so far
 * @param logLikelihood mean log p(v) over the held-out rows, with log Z by AIS
 * @param standardError its standard error from AIS's error on log Z
 * @param logZ the AIS estimate of log Z_visible
 * @param effectiveSampleSize of the AIS weights
 * @param seconds wall-clock seconds: of the AIS call at epoch 0, since the start of training after;
 *     rounded to the millisecond, what the CSV keeps, so that a row read back equals the row written
 */
public record Fig4Row(Fig4Initialisation init, long seed, int epoch, int batchSize, long batches,
    double logLikelihood, double standardError, double logZ, double effectiveSampleSize, double seconds) {
  public Fig4Row {
    seconds = Math.round(seconds * 1000) / 1000.0;
  }
}
