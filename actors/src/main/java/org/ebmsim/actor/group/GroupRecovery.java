package org.ebmsim.actor.group;

import java.util.List;
import java.util.Optional;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.session.ClampAt;

/**
 * What a chain group that may be moved between nodes needs beyond its spec: where it keeps its
 * checkpoints and how often, and the session's clamp log (to replay the rounds between its last
 * checkpoint and the session's current round exactly).
 *
 * @param every sweeps between checkpoints (at least; a group checkpoints at the first report
 *     boundary this far past its last one where its kernel can resume exactly)
 */
public record GroupRecovery(Checkpoints checkpoints, long every, List<ClampAt> clampLog) {
  public GroupRecovery {
    clampLog = List.copyOf(clampLog);
    if (every < 1) {
      throw new IllegalArgumentException("checkpoint interval must be >= 1 sweep");
    }
  }

  /** Where one group's checkpoint lives. */
  public interface Checkpoints {
    /** The latest checkpoint, read for blocks like {@code like}; empty if there is none. */
    Optional<GroupCheckpoint> latest(LayerBlock like);

    /** Replaces the latest checkpoint atomically (a reader sees the old one or the new one, whole). */
    void save(GroupCheckpoint checkpoint);
  }
}
