package org.ebmsim.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tokens file ({@code ebmsim.security.tokens-file}): one token per line as
 * {@code NAME ROLE sha256:HEX}; blank lines and lines starting with {@code #} are ignored. Only the
 * SHA-256 of each token is kept, so the file does not let anyone call the server.
 *
 * <p>A plain (fast, unsalted) hash is enough here because every token is 32 random bytes made by
 * {@link #create}: nobody can search a 2^256 space, so the slow, salted hashes that protect
 * human-chosen passwords would add nothing but latency to every call.
 */
public final class TokensFile {
  /** Names: letters, digits and {@code . _ @ -}, 1 to 64 of them (they show up as session owners). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final String HASH_PREFIX = "sha256:";
  private static final int TOKEN_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokensFile() {}

  /** One line of the file. */
  public record Entry(String name, Role role, byte[] sha256) {}

  /**
   * Reads every token of {@code file}.
   *
   * @throws IllegalArgumentException naming the file and line of the first malformed line or a
   *     name used twice
   * @throws IOException if the file cannot be read
   */
  public static List<Entry> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Entry> entries = new ArrayList<>();
    for (int k = 0; k < lines.size(); k++) {
      String line = lines.get(k).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (k + 1);
      String[] parts = line.split("\\s+");
      if (parts.length != 3) {
        throw new IllegalArgumentException(where + ": expected 'NAME ROLE sha256:HEX' (3 fields, got "
            + parts.length + ")");
      }
      requireName(parts[0], where);
      Role role;
      try {
        role = Role.parse(parts[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
      if (!parts[2].startsWith(HASH_PREFIX) || parts[2].length() != HASH_PREFIX.length() + 64) {
        throw new IllegalArgumentException(where + ": the third field must be sha256: and 64 hex digits");
      }
      byte[] hash;
      try {
        hash = HexFormat.of().parseHex(parts[2].substring(HASH_PREFIX.length()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": the third field must be sha256: and 64 hex digits", e);
      }
      for (Entry e : entries) {
        if (e.name().equals(parts[0])) {
          throw new IllegalArgumentException(where + ": the name '" + parts[0] + "' is used twice (names own"
              + " sessions, so each token needs its own)");
        }
      }
      entries.add(new Entry(parts[0], role, hash));
    }
    return entries;
  }

  /**
   * Makes a new token for {@code name} with {@code role}, appends its hashed line to {@code file}
   * (creating the file readable by its owner only) and returns the token, which is kept nowhere.
   *
   * @throws IllegalArgumentException for a bad name or one already in the file
   */
  public static String create(Path file, String name, Role role) throws IOException {
    requireName(name, "name");
    if (Files.exists(file)) {
      for (Entry e : read(file)) {
        if (e.name().equals(name)) {
          throw new IllegalArgumentException("the name '" + name + "' is already in " + file
              + "; remove its line to replace it, or choose another name");
        }
      }
    } else {
      createPrivate(file);
    }
    String token = newToken();
    String line = name + " " + role.label() + " " + HASH_PREFIX + HexFormat.of().formatHex(sha256(token)) + "\n";
    byte[] existing = Files.readAllBytes(file);
    if (existing.length > 0 && existing[existing.length - 1] != '\n') {
      line = "\n" + line;
    }
    Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    return token;
  }

  /** 32 random bytes, base64url without padding (43 characters). */
  static String newToken() {
    byte[] b = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** SHA-256 of the token's UTF-8 bytes. */
  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static void requireName(String name, String where) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(where + ": a token name is 1 to 64 letters, digits, '.', '_', '@' or '-'"
          + " (got '" + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "')");
    }
  }

  /** Creates an empty file with mode 0600 where the file system has POSIX permissions. */
  private static void createPrivate(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, "# ebmsim bearer tokens, one per line: NAME ROLE sha256:HEX (roles: read, run,"
          + " admin)\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException(file + " appeared while it was being created; run the command again", e);
    }
  }
}
