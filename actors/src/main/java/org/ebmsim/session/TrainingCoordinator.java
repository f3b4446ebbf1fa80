package org.ebmsim.session;

import java.util.List;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;

/**
 * A training session: one {@link GroupSpec.Training} group runs the updates; rounds end at report
 * boundaries (every {@code reportEveryBatches}, every epoch's end, every checkpoint), which is
 * where the group evaluates, writes versions and checkpoints; each round becomes a
 * {@link SessionEvent.TrainProgress}. The result repeats the last round's figures with the final
 * version. Steering: a new learning rate or report interval from the next batch not yet ordered.
 */
public final class TrainingCoordinator implements Coordinator {
  private final ModelRef model;
  private final LayerLayout layout;
  private final TrainingPlan plan;
  private final long batchesPerEpoch;
  private final long total;
  private final TrainingResume resume;
  private final long heapEstimate;
  private final long startNanos = System.nanoTime();
  private LearningRatePlan rates;
  private int reportEvery;
  private GroupReport.Trained last;
  private long lastVersion;

  /**
   * @param trainRows rows of the training split (≥ 1)
   * @param resume where a resumed session starts, or null
   * @param heapEstimate bytes the learner, its inputs' scratch and the events hold at most
   */
  public TrainingCoordinator(ModelRef model, LayerLayout layout, TrainingPlan plan, int trainRows,
      TrainingResume resume, long heapEstimate) {
    this.model = model;
    this.layout = layout;
    this.plan = plan;
    this.batchesPerEpoch = plan.batchesPerEpoch(trainRows);
    this.total = batchesPerEpoch * plan.epochs();
    this.resume = resume;
    this.heapEstimate = heapEstimate;
    this.rates = plan.learningRate();
    this.reportEvery = plan.reportEveryBatches();
    this.lastVersion = resume == null ? 0 : resume.lastVersion();
  }

  @Override
  public boolean samplesChains() {
    return plan.learner().method().runsDynamics() || plan.samples() > 0 || plan.aisEveryEpochs() > 0;
  }

  @Override
  public String kind() {
    return "train";
  }

  @Override
  public ModelRef model() {
    return model;
  }

  @Override
  public LayerLayout layout() {
    return layout;
  }

  @Override
  public int chains() {
    return plan.learner().persistentChains();
  }

  @Override
  public long total() {
    return total;
  }

  @Override
  public java.util.Optional<String> presetId() {
    return java.util.Optional.of(plan.sessionKey());
  }

  @Override
  public boolean drainsOnStop() {
    return true;
  }

  @Override
  public long startsAt() {
    return resume == null ? 0 : resume.batches();
  }

  @Override
  public long heapEstimate() {
    return heapEstimate;
  }

  @Override
  public long resultBytes() {
    return 1024;
  }

  @Override
  public List<GroupSpec> groups(GroupSizing sizing) {
    return List.of(new GroupSpec.Training(0, model, plan, total, resume));
  }

  @Override
  public long nextReport(long done) {
    long next = (done / batchesPerEpoch + 1) * batchesPerEpoch;
    if (reportEvery > 0) {
      next = Math.min(next, (done / reportEvery + 1) * reportEvery);
    }
    if (plan.checkpointEveryBatches() > 0) {
      next = Math.min(next, (done / plan.checkpointEveryBatches() + 1) * plan.checkpointEveryBatches());
    }
    return Math.min(next, total);
  }

  @Override
  public GroupOrders orders(long from, long to) {
    return GroupOrders.training(rates);
  }

  @Override
  public Gathered gather(long at, GroupReport[] reports) {
    GroupReport.Trained r = (GroupReport.Trained) reports[0];
    last = r;
    if (r.version() > 0) {
      lastVersion = r.version();
    }
    boolean epochEnd = at % batchesPerEpoch == 0 || at == total;
    int epoch = (int) ((at - 1) / batchesPerEpoch);
    int inEpoch = (int) (at - epoch * batchesPerEpoch);
    SessionEvent event = new SessionEvent.TrainProgress(at, total, epoch, inEpoch, (int) batchesPerEpoch, epochEnd,
        r.learningRate(), r.train(), r.trainRows(), r.heldOut(), r.heldOutRows(), r.ais(), r.version(), r.samples(),
        (System.nanoTime() - startNanos) / 1e9);
    return new Gathered(List.of(event), at >= total, r.learningRate());
  }

  @Override
  public boolean needsFinish() {
    return false;
  }

  @Override
  public int[] finishChains() {
    return new int[0];
  }

  @Override
  public SessionEvent result(long at, boolean stoppedEarly, GroupFinal[] finals) {
    if (last == null) {
      throw new IllegalStateException("a training session ended before its first report");
    }
    return new SessionEvent.TrainResult(model.id(), lastVersion, at, plan.epochs(), last.train(), last.trainRows(),
        last.heldOut(), last.heldOutRows(), last.ais());
  }

  @Override
  public SessionEvent.Steered steer(SteerCommand command, long effectiveAt) {
    if (command instanceof SteerCommand.SetLearningRate s) {
      if (!(s.learningRate() > 0) || Double.isInfinite(s.learningRate())) {
        throw new InvalidRequestException("learning_rate must be finite and > 0 (got " + s.learningRate() + ")");
      }
      rates = rates.withOverride(effectiveAt, s.learningRate());
    } else if (command instanceof SteerCommand.SetReportInterval s) {
      reportEvery = s.sweeps();
    } else {
      throw new FailedPreconditionException("a training session takes only learning_rate and report_every_sweeps"
          + " (batches) steering");
    }
    return new SessionEvent.Steered(effectiveAt, command);
  }
}
