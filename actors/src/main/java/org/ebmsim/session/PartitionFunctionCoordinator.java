package org.ebmsim.session;

import java.util.ArrayList;
import java.util.List;
import org.ebmsim.dynamics.ais.AisEstimate;
import org.ebmsim.dynamics.ais.AisSchedule;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.AisSupport;

/**
 * A partition-function session: forward (and optionally reverse) AIS chains spread over fixed-size
 * groups, advanced report by report; log-weights are gathered in chain order into the running
 * estimate, and the result carries the final estimates and the data's log-likelihood.
 */
public final class PartitionFunctionCoordinator implements Coordinator {
  /** Seed offset that keeps reverse chains' streams apart from forward chains'. */
  private static final long REVERSE_SEED_SALT = 0x6A09E667F3BCC909L;

  /**
   * An AIS request.
   *
   * @param path the path's plain-data spec (from {@link AisSupport#pathSpec})
   * @param constants the path's constants (the same on every node: they depend only on the
   *     model and the spec)
   * @param data visible rows for the log-likelihood and the reverse run, or null
   * @param negativeFreeEnergies −F of each data row (null without data)
   */
  public record Request(ModelRef model, LayerLayout layout, AisSupport.AisPathSpec path,
      AisSupport.PathConstants constants, AisSchedule schedule, int chains, long seed, int reportEvery,
      boolean includeLogWeights, LayerBlock data, double[] negativeFreeEnergies, boolean reverse) {}

  private final Request request;
  private final double[] forward;
  private final double[] reverse;
  private long reportEvery;
  private long reportBase;
  private int forwardGroups;

  public PartitionFunctionCoordinator(Request r) {
    if (r.chains() < 1) {
      throw new IllegalArgumentException("chains must be >= 1");
    }
    if (r.reverse() && r.data() == null) {
      throw new InvalidRequestException("reverse needs data: reverse AIS starts from the data rows");
    }
    this.request = r;
    this.forward = new double[r.chains()];
    this.reverse = r.reverse() ? new double[r.chains()] : null;
    this.reportEvery = Math.max(1, r.reportEvery());
  }

  @Override
  public String kind() {
    return "partition_function";
  }

  @Override
  public ModelRef model() {
    return request.model();
  }

  @Override
  public LayerLayout layout() {
    return request.layout();
  }

  @Override
  public int chains() {
    return request.chains();
  }

  @Override
  public long total() {
    return request.schedule().steps();
  }

  /** States, products and weights of every AIS chain (float64 for the continuous paths), both directions. */
  @Override
  public long heapEstimate() {
    long perChain = 32L * request.layout().totalUnits() + 64;
    long progress = 256 + (request.includeLogWeights() ? 8L * request.chains() : 0);
    return (long) request.chains() * perChain * (request.reverse() ? 2 : 1) + (1L << 20)
        + EVENTS_HELD * (progress + 16L * request.chains()) + resultBytes();
  }

  /** The estimates, with each direction's per-chain log-weights. */
  @Override
  public long resultBytes() {
    return 1024 + 16L * request.chains();
  }

  @Override
  public List<GroupSpec> groups(GroupSizing sizing) {
    int[] sizes = GroupSizing.split(request.chains(), sizing.aisChainsPerGroup(), Integer.MAX_VALUE);
    double[] betas = request.schedule().betas();
    List<GroupSpec> out = new ArrayList<>();
    long first = 0;
    for (int g = 0; g < sizes.length; g++) {
      out.add(new GroupSpec.Ais(g, request.model(), false, first, sizes[g], request.seed(), request.path(), betas,
          null));
      first += sizes[g];
    }
    forwardGroups = sizes.length;
    if (request.reverse()) {
      first = 0;
      for (int g = 0; g < sizes.length; g++) {
        out.add(new GroupSpec.Ais(sizes.length + g, request.model(), true, first, sizes[g],
            request.seed() ^ REVERSE_SEED_SALT, request.path(), betas, reverseStart((int) first, sizes[g])));
        first += sizes[g];
      }
    }
    return out;
  }

  /** The data rows that start reverse chains {@code first .. first+count-1} (rows cycled). */
  private FloatMatrix reverseStart(int first, int count) {
    LayerBlock data = request.data();
    FloatMatrix out = FloatMatrix.zeros(count, data.units());
    for (int c = 0; c < count; c++) {
      int row = (first + c) % data.rows();
      for (int i = 0; i < data.units(); i++) {
        out.set(c, i, (float) data.get(row, i));
      }
    }
    return out;
  }

  @Override
  public long nextReport(long done) {
    long next = reportBase + ((done - reportBase) / reportEvery + 1) * reportEvery;
    return Math.min(total(), Math.max(done + 1, next));
  }

  @Override
  public GroupOrders orders(long from, long to) {
    return null; // AIS groups need nothing but the target step
  }

  @Override
  public Gathered gather(long at, GroupReport[] reports) {
    int offsetF = 0;
    int offsetR = 0;
    for (GroupReport g : reports) {
      GroupReport.AisSteps a = (GroupReport.AisSteps) g;
      if (a.reverse()) {
        System.arraycopy(a.logWeights(), 0, reverse, offsetR, a.logWeights().length);
        offsetR += a.logWeights().length;
      } else {
        System.arraycopy(a.logWeights(), 0, forward, offsetF, a.logWeights().length);
        offsetF += a.logWeights().length;
      }
    }
    int step = (int) at;
    List<SessionEvent> events = new ArrayList<>();
    events.add(progress(AisEstimate.Direction.FORWARD, forward, step));
    if (reverse != null) {
      events.add(progress(AisEstimate.Direction.REVERSE, reverse, step));
    }
    return new Gathered(events, at >= total(), request.schedule().beta(step));
  }

  private SessionEvent progress(AisEstimate.Direction direction, double[] logWeights, int step) {
    int total = request.schedule().steps();
    double beta = direction == AisEstimate.Direction.FORWARD ? request.schedule().beta(step)
        : request.schedule().beta(total - step);
    AisEstimate partial = AisEstimate.fromLogWeights(direction, logWeights, request.constants().logBasePartition(), 0, 0);
    // Forward: log Z_β of the current intermediate distribution. Reverse weights estimate
    // Z_β/Z_1, which gives log Z only once the base is reached, so the partial value is NaN.
    double logZ = direction == AisEstimate.Direction.FORWARD || step == total
        ? partial.logPartitionTarget() + (step == total ? request.constants().logVisibleOverTarget() : 0) : Double.NaN;
    return new SessionEvent.PartitionProgress(direction, step, total, beta, logZ, partial.standardError(),
        partial.effectiveSampleSize(), request.includeLogWeights() ? logWeights.clone() : new double[0]);
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
    AisEstimate f = AisEstimate.fromLogWeights(AisEstimate.Direction.FORWARD, forward, request.constants().logBasePartition(),
        request.constants().logVisibleOverTarget(), request.constants().logVisibleOverJoint());
    AisEstimate r = reverse == null ? null : AisEstimate.fromLogWeights(AisEstimate.Direction.REVERSE, reverse,
        request.constants().logBasePartition(), request.constants().logVisibleOverTarget(), request.constants().logVisibleOverJoint());
    AisEstimate.LogLikelihood ll = request.negativeFreeEnergies() == null ? null
        : f.meanLogLikelihood(request.negativeFreeEnergies());
    return new SessionEvent.PartitionResult(f, r, ll);
  }

  @Override
  public SessionEvent.Steered steer(SteerCommand command, long effectiveAt) {
    if (command instanceof SteerCommand.SetReportInterval s) {
      InvalidRequestException.require(s.sweeps() >= 1, "report_every_sweeps must be >= 1 (got " + s.sweeps() + ")");
      reportEvery = s.sweeps();
      reportBase = effectiveAt;
      return new SessionEvent.Steered(effectiveAt, command);
    }
    throw new FailedPreconditionException("a partition-function session follows its β schedule; only its report"
        + " interval can be steered");
  }

  /** Forward groups come first in {@link #groups}; reverse ones after. */
  int forwardGroups() {
    return forwardGroups;
  }
}
