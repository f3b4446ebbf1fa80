package org.ebmsim.actor.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The proof that a chain group runs only once at a time: an exclusive lock on
 * {@code group-<i>.lock} in the session's checkpoint folder, held while the group runs. The
 * operating system drops it when the holding process dies ({@code kill -9} included). Cluster
 * Sharding already runs an entity at most once; an incarnation that still finds the lock held
 * writes a {@code contention-*} file (so tests can assert it never happens) and waits.
 */
public final class GroupLock implements AutoCloseable {
  static final String CONTENTION_PREFIX = "contention-";
  /**
   * Lock files this JVM holds. Checked before opening the file again: closing a second channel on
   * a file would drop this process's operating-system lock on it (POSIX record locks are per process).
   */
  private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private GroupLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock of group {@code group}, or null (and a contention note) if another incarnation holds it. */
  public static GroupLock tryAcquire(CheckpointFolder folder, int group) {
    Path file = folder.dir().resolve("group-" + group + ".lock").toAbsolutePath();
    try {
      Files.createDirectories(folder.dir());
      FileLock lock = null;
      FileChannel ch = null;
      if (HELD.add(file)) { // not held by this JVM (several nodes in one test JVM)
        ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
          lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          ch.close();
          HELD.remove(file);
        }
      }
      if (lock == null) {
        // beside the session folders, so the note outlives the session
        Files.writeString(folder.dir().resolveSibling(CONTENTION_PREFIX + folder.dir().getFileName() + "-" + group
            + "-" + System.nanoTime()), ProcessHandle.current().pid() + "\n");
        return null;
      }
      return new GroupLock(file, ch, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  /** Whether any group of any session under checkpoint folder {@code root} ever found its lock held. */
  public static boolean sawContention(Path root) {
    if (!Files.isDirectory(root)) {
      return false;
    }
    try (java.util.stream.Stream<Path> files = Files.list(root)) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith(CONTENTION_PREFIX));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the channel is gone: so is the lock
    } finally {
      HELD.remove(file);
    }
  }
}
