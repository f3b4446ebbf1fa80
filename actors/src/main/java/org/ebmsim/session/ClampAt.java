package org.ebmsim.session;

import java.util.List;

/**
 * Clamp changes a session ordered before sweep {@code sweep} (the first sweep of a round): a
 * session's log of them lets a chain group rebuilt from a checkpoint replay its chains exactly.
 */
public record ClampAt(long sweep, List<ClampChange> changes) implements ClusterSerializable {
  public ClampAt {
    changes = List.copyOf(changes);
  }
}
