package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.require;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import org.ebmsim.dynamics.ModelTooLargeException;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.ExactEnumeration;
import org.ebmsim.dynamics.rbm.GaussianBernoulliRbm;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.SpinRbm;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;

/**
 * ExactSummary of an RBM: {@code log Z_joint}, {@code log Z_visible} ({@code log_z} is the latter)
 * and the visible marginals, by enumerating one layer with {@link ExactEnumeration} while the other
 * is summed or integrated out. Only these fields (and {@code units} = V + H) are filled, as the
 * proto documents; energies, entropy and ground states are those of Ising models only.
 *
 * <p>Order of calls: {@link #answer} validates and checks the size on the calling thread, then
 * enumerates on the given executor and answers the observer from there.
 */
final class RbmExactSummary {
  private RbmExactSummary() {}

  /**
   * Answers an ExactSummary request for {@code rbm}.
   *
   * @param maxUnits {@code ebmsim.limits.exact-max-units}: the largest layer enumerated
   */
  static void answer(Rbm rbm, ExactSummaryRequest request, int maxUnits, Executor executor,
      StreamObserver<ExactSummaryResponse> response) {
    double t = request.getTemperature();
    require(t == 0 || t == 1, "temperature: RBM exact summaries are at the model's own temperature (0 or 1); use"
        + " inverse_temperature of a BINARY_GAUSSIAN RBM (got " + t + ")");
    require(Integer.toUnsignedLong(request.getMaxGroundStates()) <= 1024, "max_ground_states must be in [0, 1024]"
        + " (got " + Integer.toUnsignedString(request.getMaxGroundStates()) + ")");
    // Same ceiling as the Ising enumeration: 2^26 log-weights are the most a request may allocate.
    ExactEnumeration enumeration = new ExactEnumeration(
        Math.min(maxUnits, org.ebmsim.dynamics.ExactEnumeration.ABSOLUTE_MAX_UNITS));
    checkSize(rbm, enumeration.maxEnumeratedUnits());
    executor.execute(() -> {
      try {
        response.onNext(summarize(rbm, enumeration));
        response.onCompleted();
      } catch (Exception e) {
        response.onError(StatusMapping.toException(e));
      }
    });
  }

  /** The summary by exact enumeration (two passes over the enumerated layer). */
  static ExactSummaryResponse summarize(Rbm rbm, ExactEnumeration enumeration) {
    ExactEnumeration.LogPartition logZ = enumeration.logPartition(rbm);
    ExactEnumeration.VisibleMoments moments = enumeration.visibleMoments(rbm);
    ExactSummaryResponse.Builder out = ExactSummaryResponse.newBuilder()
        .setLogZ(logZ.visible()).setLogZJoint(logZ.joint()).setLogZVisible(logZ.visible())
        .setUnits(rbm.visibleUnits() + rbm.hiddenUnits());
    // Spins report P(s_i = +1) = (1 + E[s_i]) / 2; bits P(v_i = 1) = E[v_i]; Gaussian units E[v_i].
    boolean spins = rbm instanceof SpinRbm || rbm instanceof BinaryGaussianRbm;
    for (double mean : moments.means()) {
      out.addMarginals(spins ? 0.5 * (1 + mean) : mean);
    }
    return out.build();
  }

  /**
   * Refuses before queueing when the enumerated layer is too large. The layer is the one
   * {@link ExactEnumeration} documents: the spins of a binary–Gaussian RBM, the hidden bits of a
   * Gaussian–Bernoulli RBM, the smaller layer of a binary or spin RBM.
   */
  private static void checkSize(Rbm rbm, int max) {
    int v = rbm.visibleUnits();
    int h = rbm.hiddenUnits();
    boolean visibleLayer;
    if (rbm instanceof BinaryGaussianRbm) {
      visibleLayer = true;
    } else if (rbm instanceof GaussianBernoulliRbm) {
      visibleLayer = false;
    } else {
      visibleLayer = v <= h;
    }
    int units = visibleLayer ? v : h;
    if (units > max) {
      throw new ModelTooLargeException("exact enumeration of this RBM visits the 2^" + units + " states of its "
          + (visibleLayer ? "visible" : "hidden") + " layer and is limited to " + max + " units"
          + " (ebmsim.limits.exact-max-units); the model has " + v + " visible and " + h + " hidden units");
    }
  }
}
