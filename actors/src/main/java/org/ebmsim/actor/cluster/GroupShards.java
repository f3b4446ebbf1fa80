package org.ebmsim.actor.cluster;

import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;

/**
 * Puts group k of every session in shard k mod {@link #SHARDS}.
 *
 * <p>Why not the default (a hash of the entity id): every group of every session would then be a
 * new shard, and sharding places a new shard on the node holding the fewest shards, counting the
 * idle shards of sessions long finished. A node that joins late holds none, so it took every group
 * of every new session until the counts evened out (measured: one session of 16 groups ran
 * entirely on the newcomer, 1.02× the throughput of one node instead of 1.8×). With a fixed set of
 * shards used by every session, the rebalancer spreads those shards evenly over the nodes (a
 * newcomer receives its share, handed off from their checkpoints), and a session's groups, one per
 * shard, are spread the same way.
 */
final class GroupShards
    extends ShardingMessageExtractor<ShardingEnvelope<GroupEntity.Command>, GroupEntity.Command> {
  /** Shards in all; the engine's default max-groups, so a session of that many groups uses each once. */
  static final int SHARDS = 16;

  @Override
  public String entityId(ShardingEnvelope<GroupEntity.Command> envelope) {
    return envelope.entityId();
  }

  @Override
  public String shardId(String entityId) {
    return Integer.toString(GroupEntity.indexOf(entityId) % SHARDS);
  }

  @Override
  public GroupEntity.Command unwrapMessage(ShardingEnvelope<GroupEntity.Command> envelope) {
    return envelope.message();
  }
}
