package org.ebmsim.actor.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Whether a message fits the cluster transport. Artery drops a message whose serialized form is
 * larger than its frame ({@code pekko.remote.artery.advanced.maximum-frame-size}) with an error in
 * the sender's log and nothing at the receiver, so a session waiting for a group's report or final
 * result would wait forever: a group's replies to a session on another node are measured first
 * ({@link GroupEntity}), and one that cannot cross becomes the session's precise failure instead;
 * a session measures its orders to sharded groups the same way ({@code SimulationSession}).
 */
public final class FrameCheck {
  /** Room left in the frame for Artery's envelope (recipient and sender paths, manifest). */
  private static final long ENVELOPE = 4096;

  private final Serialization serialization;
  private final long limit;

  public FrameCheck(ActorSystem<?> system) {
    this.serialization = SerializationExtension.get(Adapter.toClassic(system));
    this.limit = ShardedGroups.frameBytes(system) - ENVELOPE;
  }

  /** Whether {@code target} is on another node (a message to it crosses the transport). */
  static boolean remote(ActorRef<?> target) {
    return target.path().address().hasGlobalScope();
  }

  /** The serialized size of {@code message}, or −1 if it is within the frame. */
  public long oversize(Object message) {
    long bytes = bytes(message);
    return bytes > limit ? bytes : -1;
  }

  /** The serialized size of {@code message} (as the cluster transport would write it). */
  public long bytes(Object message) {
    return serialization.serialize(message).get().length;
  }

  /** The most a message may take (the frame less the envelope's room). */
  public long limit() {
    return limit;
  }
}
