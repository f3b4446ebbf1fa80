package org.ebmsim.actor.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock that keeps a chain group from running twice, and the settings of a cluster node. */
class GroupLockTest {
  @Test
  void secondIncarnation_findsTheLockHeld_notesIt_andGetsItOnceReleased(@TempDir Path root) {
    CheckpointFolder folder = CheckpointFolder.of(root, "s-0123");
    GroupLock first = GroupLock.tryAcquire(folder, 3);
    assertNotNull(first);
    assertFalse(GroupLock.sawContention(root));
    assertNotNull(GroupLock.tryAcquire(folder, 4), "another group's lock is another file");
    assertNull(GroupLock.tryAcquire(folder, 3), "held");
    assertTrue(GroupLock.sawContention(root), "the contention is noted beside the session folders");
    first.close();
    assertNotNull(GroupLock.tryAcquire(folder, 3), "free again once released");
  }

  @Test
  void checkpointFolder_refusesSessionIdsThatAreNotPlainNames(@TempDir Path root) {
    for (String bad : List.of("../x", "a/b", "", ".hidden")) {
      assertThrows(IllegalArgumentException.class, () -> CheckpointFolder.of(root, bad), bad);
    }
  }

  @Test
  void settings_nameTheBadSeedNode_andBuildThePekkoConfig(@TempDir Path root) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClusterSettings(true,
        "127.0.0.1", 2552, List.of("127.0.0.1"), 64, root, Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(2)));
    assertTrue(e.getMessage().contains("ebmsim.cluster.seed-nodes") && e.getMessage().contains("127.0.0.1"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ClusterSettings(true, "h", 70000, List.of(), 64, root,
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2)));
    ClusterSettings s = new ClusterSettings(true, "10.0.0.5", 2552, List.of("10.0.0.4:2552", "10.0.0.5:2552"), 64,
        root, Duration.ofSeconds(1), Duration.ofSeconds(7), Duration.ofSeconds(3));
    var c = s.pekkoConfig();
    assertTrue(c.getString("pekko.actor.provider").equals("cluster"));
    assertTrue(c.getStringList("pekko.cluster.seed-nodes").equals(List.of("pekko://ebmsim@10.0.0.4:2552",
        "pekko://ebmsim@10.0.0.5:2552")));
    assertTrue(c.getString("pekko.cluster.split-brain-resolver.active-strategy").equals("keep-majority"));
    assertTrue(c.getInt("pekko.remote.artery.canonical.port") == 2552);
  }
}
