package org.ebmsim.session;

import java.util.List;
import org.ebmsim.dynamics.state.LayerLayout;

/**
 * The logic of one kind of session, independent of actors: which chain groups it needs, when it
 * reports, what it tells the groups each round, how their reports become events, and how it
 * takes steering. The session actor calls, in order: {@link #groups}; then repeatedly
 * {@link #nextReport}, {@link #orders} (groups advance), {@link #gather}; finally, when
 * {@link #needsFinish()}, {@link #finishChains} and {@link #result}; else {@link #result} with no
 * finals. {@link #steer} may come between rounds. Used by one actor only; may keep state.
 */
public interface Coordinator {
  /** "anneal", "complete", "partition_function", "train" or "temper". */
  String kind();

  ModelRef model();

  LayerLayout layout();

  int chains();

  /** Sweeps (or AIS temperatures) the session runs at most. */
  long total();

  /**
   * Bytes the session will hold at most, estimated before anything is allocated so the memory
   * budget can refuse it: chain states, best states, fields and trackers, the events computed
   * ahead of delivery ({@link #EVENTS_HELD} of the largest) and the result, which stays charged
   * while it is retained ({@link #resultBytes()}).
   */
  long heapEstimate();

  /**
   * Events a session holds at most: the look-ahead rounds (2), the one in the stream's buffer and
   * the one being encoded for the wire, plus the reports they were gathered from.
   */
  int EVENTS_HELD = 6;

  /** Bytes of the result event at most (what is kept while the result is retained). */
  long resultBytes();

  /** Bytes one chain's state takes in an event: a byte per discrete unit, four per real one. */
  static long stateBytes(LayerLayout layout) {
    long n = 0;
    for (int l = 0; l < layout.size(); l++) {
      n += (layout.layer(l).type() == org.ebmsim.dynamics.state.ValueType.REAL ? 4L : 1L) * layout.layer(l).units();
    }
    return n + 48L * layout.size() + 32;
  }

  /**
   * The session id to register the session under, if the caller chose it beforehand (a training
   * session files its checkpoints under it); empty for a fresh id.
   */
  default java.util.Optional<String> presetId() {
    return java.util.Optional.empty();
  }

  /**
   * Whether the session runs chains on the model's sampling kernels (so a model that may not be
   * sampled is refused); false only for training by rules that draw no chains (an AttnBM's exact
   * gradient or denoising score matching, with no samples and no AIS requested).
   */
  default boolean samplesChains() {
    return true;
  }

  /**
   * True if a stop must wait for the groups to stop before the session reports it (their last
   * act writes something a client relies on after a stop: a training checkpoint).
   */
  default boolean drainsOnStop() {
    return false;
  }

  /**
   * Sessions whose orders depend on reports ({@link #ordersDependOnReports}): the most rounds
   * between two checkpoints of a chain group that checkpoints at least every
   * {@code checkpointEvery} sweeps (how many rounds of orders the session keeps for a group
   * rebuilt from its checkpoint, {@link RoundHistory}); 0 for the others, which keep none.
   */
  default int roundsBetweenCheckpoints(long checkpointEvery) {
    return 0;
  }

  /** Where the progress counter starts: 0, or a resumed training session's position. */
  default long startsAt() {
    return 0;
  }

  /** The groups to spawn, given the engine's grouping settings. */
  List<GroupSpec> groups(GroupSizing sizing);

  /** The next report boundary after {@code done} (> done, ≤ total). */
  long nextReport(long done);

  /** Whether {@link #gather} may end the session before {@link #total()} (then groups never run ahead). */
  default boolean mayStopEarly() {
    return false;
  }

  /**
   * Whether a round's orders depend on the reports of the round before (parallel tempering: the
   * chains' temperatures after the swaps); then groups never run ahead.
   */
  default boolean ordersDependOnReports() {
    return false;
  }

  /** Orders for every sampling group for the round that starts at {@code from} and ends at {@code to}. */
  GroupOrders orders(long from, long to);

  /** What a round of reports (one per group, by group index) turned into. */
  record Gathered(List<SessionEvent> events, boolean finish, double temperature) {}

  /** Turns the reports of the round ending at {@code at} into events; says whether to finish now. */
  Gathered gather(long at, GroupReport[] reports);

  /** True if the session asks its groups for final states before the result (sampling sessions). */
  default boolean needsFinish() {
    return true;
  }

  /** Global indices of the chains whose best and final states the result needs. */
  int[] finishChains();

  /** True if every group should also send all its chains' final states (detached, retained). */
  default boolean wantsAllFinalStates() {
    return false;
  }

  /**
   * The result event.
   *
   * @param stoppedEarly the session ended before {@link #total()} (a fixed point was reached)
   * @param finals one per group, by index (empty when {@link #needsFinish()} is false)
   */
  SessionEvent result(long at, boolean stoppedEarly, GroupFinal[] finals);

  /**
   * Applies {@code command} from sweep {@code effectiveAt} on (the start of the next round not
   * yet ordered) and returns the event announcing it.
   *
   * @throws org.ebmsim.errors.FailedPreconditionException if this kind of session does not take
   *     the command
   * @throws org.ebmsim.errors.InvalidRequestException if the command is malformed for this model
   */
  SessionEvent.Steered steer(SteerCommand command, long effectiveAt);
}
