package org.ebmsim.server.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens file: created private, one hashed line per token, read back strictly; tokens checked in full. */
class TokensFileTest {
  @TempDir Path dir;

  @Test
  void create_appendsAHashedLine_toAFileOnlyItsOwnerReads() throws Exception {
    Path file = dir.resolve("sub/tokens");
    String alice = TokensFile.create(file, "alice", Role.RUN);
    String bob = TokensFile.create(file, "bob@ops", Role.ADMIN);
    assertEquals(43, alice.length(), "32 bytes base64url without padding");
    assertTrue(alice.matches("[A-Za-z0-9_-]+"), alice);
    assertNotEquals(alice, bob);
    String text = Files.readString(file);
    assertFalse(text.contains(alice) || text.contains(bob), "the file must hold hashes only");
    assertTrue(text.contains("alice run sha256:" + HexFormat.of().formatHex(TokensFile.sha256(alice)) + "\n"), text);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
    List<TokensFile.Entry> entries = TokensFile.read(file);
    assertEquals(List.of("alice", "bob@ops"), entries.stream().map(TokensFile.Entry::name).toList());
    assertEquals(Role.ADMIN, entries.get(1).role());
    assertArrayEquals(TokensFile.sha256(bob), entries.get(1).sha256());
  }

  @Test
  void create_refusesANameTwice_andBadNames() throws Exception {
    Path file = dir.resolve("tokens");
    TokensFile.create(file, "alice", Role.READ);
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> TokensFile.create(file, "alice", Role.ADMIN));
    assertTrue(twice.getMessage().contains("already in"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TokensFile.create(file, "two words", Role.READ));
    assertThrows(IllegalArgumentException.class, () -> TokensFile.create(file, "", Role.READ));
    assertEquals(1, TokensFile.read(file).size());
  }

  @Test
  void read_namesTheLineOfAMalformedEntry() throws Exception {
    Path file = dir.resolve("tokens");
    String hash = "sha256:" + "ab".repeat(32);
    for (String[] bad : new String[][] {
        {"alice run", "3 fields"}, {"alice boss " + hash, "unknown role 'boss'"},
        {"alice run md5:00", "sha256: and 64 hex digits"}, {"alice run sha256:" + "zz".repeat(32), "64 hex digits"},
        {"alice run " + hash + "\nalice read " + hash, "used twice"}}) {
      Files.writeString(file, "# comment\n\n" + bad[0] + "\n");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokensFile.read(file), bad[0]);
      assertTrue(e.getMessage().contains(file + " line ") && e.getMessage().contains(bad[1]), e.getMessage());
    }
  }

  @Test
  void create_onAFileWithoutAFinalNewline_startsANewLine() throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "alice run sha256:" + "ab".repeat(32));
    TokensFile.create(file, "bob", Role.READ);
    assertEquals(List.of("alice", "bob"), TokensFile.read(file).stream().map(TokensFile.Entry::name).toList());
  }

  @Test
  void authenticator_grantsKnownTokensOnly_inAnyHeaderCase() throws Exception {
    Path file = dir.resolve("tokens");
    String alice = TokensFile.create(file, "alice", Role.RUN);
    TokenAuthenticator a = new TokenAuthenticator(TokensFile.read(file));
    Authentication.Granted g = assertInstanceOf(Authentication.Granted.class, a.authenticate("Bearer " + alice));
    assertEquals(new Caller("alice", Role.RUN), g.caller());
    assertInstanceOf(Authentication.Granted.class, a.authenticate("bearer  " + alice + " "));
    assertInstanceOf(Authentication.Refused.class, a.authenticate("Bearer " + alice.substring(1)));
    assertInstanceOf(Authentication.Refused.class, a.authenticate("Bearer " + alice + "x"));
    assertInstanceOf(Authentication.Refused.class, a.authenticate(alice));
    assertInstanceOf(Authentication.Refused.class, a.authenticate(null));
    assertInstanceOf(Authentication.Refused.class, a.authenticate("Bearer "));
  }

  @Test
  void roles_includeTheSmallerOnes_andSessionControlFollowsOwnership() {
    assertTrue(Role.ADMIN.includes(Role.RUN) && Role.RUN.includes(Role.READ) && Role.READ.includes(Role.READ));
    assertFalse(Role.READ.includes(Role.RUN) || Role.RUN.includes(Role.ADMIN));
    Caller alice = new Caller("alice", Role.RUN);
    assertTrue(alice.mayControlSessionOf("alice"));
    assertFalse(alice.mayControlSessionOf("bob"));
    assertFalse(new Caller("alice", Role.READ).mayControlSessionOf("alice"));
    assertTrue(new Caller("root", Role.ADMIN).mayControlSessionOf("bob"));
    assertTrue(Caller.UNRESTRICTED.mayControlSessionOf(""));
  }
}
