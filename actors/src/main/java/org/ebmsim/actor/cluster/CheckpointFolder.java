package org.ebmsim.actor.cluster;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ebmsim.actor.group.GroupRecovery;

/**
 * The checkpoints of one session's chain groups: {@code <root>/<session>/group-<i>.ckpt}, each
 * written whole to a temporary file, forced to disk, then moved over the old one atomically, so a
 * node killed mid-write leaves the previous checkpoint. The folder also holds the groups' lock
 * files ({@link GroupLock}) and goes when the session ends.
 */
public final class CheckpointFolder {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private final Path dir;

  private CheckpointFolder(Path dir) {
    this.dir = dir;
  }

  /** The folder of {@code session}'s groups under {@code root} (not created until written). */
  public static CheckpointFolder of(Path root, String session) {
    if (!SAFE.matcher(session).matches() || session.startsWith(".")) {
      throw new IllegalArgumentException("session id " + session + " cannot name a checkpoint folder");
    }
    return new CheckpointFolder(root.resolve(session));
  }

  public Path dir() {
    return dir;
  }

  Path file(int group) {
    return dir.resolve("group-" + group + ".ckpt");
  }

  /** The checkpoints of group {@code group}. */
  public GroupRecovery.Checkpoints group(int group) {
    Path file = file(group);
    return new GroupRecovery.Checkpoints() {
      @Override
      public <T> Optional<T> latest(GroupRecovery.Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
          return Optional.of(reader.read(in));
        } catch (NoSuchFileException e) {
          return Optional.empty();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
      }

      @Override
      public void save(GroupRecovery.Writer checkpoint) {
        write(file, checkpoint);
      }
    };
  }

  /**
   * The sweep (AIS: temperature) group {@code group}'s checkpoint was taken after, 0 without one
   * (both checkpoint kinds start with magic, format and that position).
   */
  public long checkpointSweep(int group) {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file(group)))) {
      in.readInt(); // magic and format: checked when the group reads it whole
      in.readInt();
      return in.readLong();
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + file(group), e);
    }
  }

  private void write(Path file, GroupRecovery.Writer checkpoint) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                java.nio.channels.Channels.newOutputStream(ch), 1 << 16))) {
          checkpoint.write(out);
          out.flush();
          ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file, e);
    }
  }

  /** Removes the folder and everything in it (the session has ended). */
  public void delete() {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a file a stopping group still writes: the next delete takes it
        }
      });
    } catch (IOException e) {
      // gone already, or unreadable: nothing more to do
    }
  }
}
