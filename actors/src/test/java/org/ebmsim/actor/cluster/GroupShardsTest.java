package org.ebmsim.actor.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Group k of every session shares shard k mod 16: a session's 16 groups use 16 different shards,
 * whatever its id, so an even spread of those shards over the nodes spreads every session.
 */
class GroupShardsTest {
  private final GroupShards shards = new GroupShards();

  @Test
  void aSessionsGroups_useEveryShardOnce_andEverySessionTheSameOnes() {
    for (String session : new String[] {"s-0123456789abcdef", "s-fedcba9876543210", "s-00000000000000ff"}) {
      Set<String> used = new HashSet<>();
      for (int g = 0; g < GroupShards.SHARDS; g++) {
        String shard = shards.shardId(GroupEntity.entityId(session, g));
        assertEquals(Integer.toString(g), shard, "group " + g + " of " + session);
        used.add(shard);
      }
      assertEquals(GroupShards.SHARDS, used.size());
      assertEquals("1", shards.shardId(GroupEntity.entityId(session, GroupShards.SHARDS + 1)), "wraps around");
    }
  }

  @Test
  void theIndexIsReadBackFromTheEntityId() {
    assertEquals(123, GroupEntity.indexOf(GroupEntity.entityId("s-0123456789abcdef", 123)));
    assertEquals(0, GroupEntity.indexOf(GroupEntity.entityId("s-aaaaaaaaaaaaaaaa", 0)));
  }
}
