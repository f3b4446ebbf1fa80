package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.ebmsim.client.EbmsimClient;
import org.junit.jupiter.api.Test;

/**
 * The client side must not use actor (Pekko) types: a class's constant pool names every class
 * it refers to, so no compiled SDK or CLI class may mention {@code org/apache/pekko}. (The SDK
 * and the CLI are separate modules; both are scanned, from a folder or a jar.)
 */
class NoActorTypesTest {

  @Test
  void sdkAndCliClasses_referToNoPekkoType() throws Exception {
    List<String> offenders = new ArrayList<>();
    int cli = scan(location(EbmsimCli.class), offenders);
    int sdk = scan(location(EbmsimClient.class), offenders);

    assertTrue(cli > 20, "found only " + cli + " CLI classes under " + location(EbmsimCli.class));
    assertTrue(sdk > 10, "found only " + sdk + " SDK classes under " + location(EbmsimClient.class));
    assertEquals(List.of(), offenders);
  }

  private static Path location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Adds the ebmsim classes under {@code where} that mention Pekko to {@code offenders}; returns how many were read. */
  private static int scan(Path where, List<String> offenders) throws IOException {
    int[] count = {0};
    if (Files.isDirectory(where)) {
      try (Stream<Path> walk = Files.walk(where.resolve("org/ebmsim"))) {
        walk.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
          count[0]++;
          if (mentionsPekko(read(p))) {
            offenders.add(where.relativize(p).toString());
          }
        });
      }
      return count[0];
    }
    try (JarFile jar = new JarFile(where.toFile())) {
      for (var e : java.util.Collections.list(jar.entries())) {
        if (e.getName().startsWith("org/ebmsim/") && e.getName().endsWith(".class")) {
          count[0]++;
          if (mentionsPekko(jar.getInputStream(e).readAllBytes())) {
            offenders.add(where.getFileName() + "!" + e.getName());
          }
        }
      }
    }
    return count[0];
  }

  private static boolean mentionsPekko(byte[] classFile) {
    return new String(classFile, StandardCharsets.ISO_8859_1).contains("org/apache/pekko");
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
