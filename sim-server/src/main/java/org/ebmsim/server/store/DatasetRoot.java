package org.ebmsim.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.NotFoundException;
import org.ebmsim.errors.Quoting;

/**
 * The folder whose files clients may register as datasets by path. A requested path is resolved
 * against the root and must lie under it twice over: as written once ".." is normalised (checked
 * before the file system is touched, so a refused path reveals nothing about what exists
 * outside), and as the real path with every symlink followed (so a link inside the root cannot
 * lead out).
 */
public final class DatasetRoot {
  private final Path root;

  /** Opens {@code root}, creating it if missing. */
  public DatasetRoot(Path root) throws IOException {
    Files.createDirectories(root);
    this.root = root.toRealPath();
  }

  /** The root's real path. */
  public Path path() {
    return root;
  }

  /**
   * The real path of the regular file {@code requested} names.
   *
   * @param field names the request field in messages
   * @throws OutsideRootException if it lies outside the root (as written or really)
   * @throws NotFoundException if there is no such file under the root
   * @throws InvalidRequestException if it is empty, not a path, or not a regular file
   */
  public Path resolve(String requested, String field) throws IOException {
    InvalidRequestException.require(!requested.isEmpty(), field + " is required");
    Path written;
    try {
      written = root.resolve(requested).normalize();
    } catch (InvalidPathException e) {
      throw new InvalidRequestException(field + " is not a valid path: " + Quoting.quote(requested));
    }
    if (!written.startsWith(root)) {
      throw new OutsideRootException(field + " " + Quoting.quote(requested) + " lies outside the dataset root"
          + " (ebmsim.datasets.root); only files under it can be registered");
    }
    Path real;
    try {
      real = written.toRealPath();
    } catch (NoSuchFileException e) {
      throw new NotFoundException(field + ": no file " + Quoting.quote(requested) + " under the dataset root");
    }
    if (!real.startsWith(root)) {
      throw new OutsideRootException(field + " " + Quoting.quote(requested) + " leads outside the dataset root"
          + " through a symbolic link; only files under it can be registered");
    }
    InvalidRequestException.require(Files.isRegularFile(real),
        field + " " + Quoting.quote(requested) + " is not a regular file");
    return real;
  }

  /** A requested path lies outside the dataset root (PERMISSION_DENIED at the gRPC edge). */
  public static final class OutsideRootException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutsideRootException(String message) {
      super(message);
    }
  }
}
