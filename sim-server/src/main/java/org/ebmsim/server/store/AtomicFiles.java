package org.ebmsim.server.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;
import com.google.protobuf.MessageLite;
import org.slf4j.Logger;

/**
 * A folder of files that are each whole or absent after a crash, as the model and dataset stores
 * keep them: a file is written to a temporary file of the same folder, fsynced and atomically
 * renamed over its name, so any temporary file found at start-up is the leftover of an interrupted
 * write (or upload) and is deleted; a file that does not decode is moved aside, not deleted, so
 * that an operator can look at it.
 */
final class AtomicFiles {
  /** Ending of temporary files; nothing else in a store's folder ends so. */
  static final String TMP_SUFFIX = ".tmp";
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  /**
   * Creates {@code dir} if needed, deletes its temporary files (logging each as left by
   * {@code leftBy}), then hands every {@code *suffix} file to {@code load}.
   */
  static void open(Path dir, String suffix, String leftBy, Logger log, Consumer<Path> load) throws IOException {
    Files.createDirectories(dir);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + TMP_SUFFIX)) {
      for (Path file : files) {
        log.info("removing {} left by {}", file, leftBy);
        Files.deleteIfExists(file);
      }
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + suffix)) {
      for (Path file : files) {
        load.accept(file);
      }
    }
  }

  /** Writes {@code message} to {@code target}: the whole message or, after a crash, the previous file. */
  static void write(Path target, MessageLite message) throws IOException {
    write(target, message::writeTo);
  }

  /** Writes {@code bytes} to {@code target}: all of them or, after a crash, the previous file. */
  static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /** What goes into a file. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private static void write(Path target, Content content) throws IOException {
    byte[] nonce = new byte[4];
    RANDOM.nextBytes(nonce); // concurrent writers of one target each get their own temporary file
    Path tmp = target.resolveSibling(target.getFileName() + "-" + HexFormat.of().formatHex(nonce) + TMP_SUFFIX);
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** True if {@code e} says the file system is full. */
  static boolean noSpace(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains("No space left") || m.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Renames {@code file} to {@code *.corrupt} (out of the next start-up's scan), logging why:
   * "skipping {kind} file … ({reason}); moved to …".
   */
  static void setAside(Path file, String kind, String reason, Logger log) {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
    log.warn("skipping {} file {} ({}); moved to {}", kind, file, reason, aside);
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException moveFailure) {
      log.warn("could not move {} aside: {}", file, moveFailure.getMessage());
    }
  }
}
