package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The client-sdk module must not use actor (Pekko) types: a class's constant pool names every
 * class it refers to, so no compiled SDK or CLI class may mention {@code org/apache/pekko}.
 */
class NoActorTypesTest {

  @Test
  void sdkAndCliClasses_referToNoPekkoType() throws IOException, URISyntaxException {
    Path classes = Path.of(EbmsimCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes.resolve("org/ebmsim"))) {
      files = walk.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
    }
    assertTrue(files.size() > 20, "found only " + files.size() + " classes under " + classes);

    List<String> offenders = files.stream()
        .filter(p -> read(p).contains("org/apache/pekko"))
        .map(p -> classes.relativize(p).toString())
        .collect(Collectors.toList());

    assertEquals(List.of(), offenders);
  }

  private static String read(Path p) {
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
