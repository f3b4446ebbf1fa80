package org.ebmsim.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ebmsim.session.TrainingCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training checkpoints on disk: {@code <dataDir>/checkpoints/<session id>/<batches>.ckpt}, each
 * written to a temporary file, fsynced, renamed into place, and the folder fsynced, so a
 * {@code kill -9} at any moment leaves the previous checkpoints intact and never half of a new one.
 * A damaged file (CRC) is skipped in favour of the one before it.
 */
public final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final String SUFFIX = ".ckpt";
  /** Session ids as the engine makes them; nothing else names a folder. */
  private static final Pattern SESSION_ID = Pattern.compile("s-[0-9a-f]{16}");

  private final Path dir;

  public CheckpointStore(Path dataDir) throws IOException {
    this.dir = dataDir.resolve("checkpoints");
    Files.createDirectories(dir);
  }

  /** Writes {@code checkpoint} atomically, then keeps only the newest {@code keep} of its session. */
  public synchronized void write(TrainingCheckpoint checkpoint, int keep) throws IOException {
    requireId(checkpoint.sessionId());
    Path folder = dir.resolve(checkpoint.sessionId());
    Files.createDirectories(folder);
    Path target = folder.resolve(String.format("%020d", checkpoint.batches()) + SUFFIX);
    AtomicFiles.write(target, checkpoint.encode());
    syncFolder(folder);
    List<Path> files = files(folder);
    for (int i = 0; i < files.size() - keep; i++) {
      Files.deleteIfExists(files.get(i));
    }
  }

  /** The newest readable checkpoint of session {@code sessionId}. */
  public synchronized Optional<TrainingCheckpoint> latest(String sessionId) {
    if (!SESSION_ID.matcher(sessionId).matches()) {
      return Optional.empty();
    }
    Path folder = dir.resolve(sessionId);
    if (!Files.isDirectory(folder)) {
      return Optional.empty();
    }
    try {
      List<Path> files = files(folder);
      for (int i = files.size() - 1; i >= 0; i--) {
        try {
          return Optional.of(TrainingCheckpoint.decode(Files.readAllBytes(files.get(i))));
        } catch (IOException e) {
          LOG.warn("skipping checkpoint {}: {}", files.get(i), e.getMessage());
        }
      }
    } catch (IOException e) {
      LOG.warn("could not list checkpoints of {}: {}", sessionId, e.getMessage());
    }
    return Optional.empty();
  }

  /** The newest checkpoint of every session, with how many files each keeps, newest first. */
  public synchronized List<Listed> list() {
    List<Listed> out = new ArrayList<>();
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(dir)) {
      for (Path folder : folders) {
        String id = folder.getFileName().toString();
        if (!SESSION_ID.matcher(id).matches()) {
          continue;
        }
        int kept = files(folder).size();
        latest(id).ifPresent(c -> out.add(new Listed(c, kept)));
      }
    } catch (IOException e) {
      LOG.warn("could not list checkpoints: {}", e.getMessage());
    }
    out.sort(Comparator.comparingLong((Listed l) -> l.checkpoint().writtenMillis()).reversed());
    return out;
  }

  /** A session's newest checkpoint and the number of checkpoint files it keeps. */
  public record Listed(TrainingCheckpoint checkpoint, int kept) {}

  private static List<Path> files(Path folder) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
      s.forEach(files::add);
    }
    files.sort(Comparator.comparing(p -> p.getFileName().toString())); // zero-padded: by batches
    return files;
  }

  private static void requireId(String id) {
    if (!SESSION_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a session id: " + id);
    }
  }

  /** Makes the rename durable (the directory entry), so a power cut cannot undo it. */
  private static void syncFolder(Path folder) {
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems do not allow opening a directory; the rename is still atomic
    }
  }
}
