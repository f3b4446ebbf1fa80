package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ebmsim.testing.EngineClasses;
import org.junit.jupiter.api.Test;

/**
 * An application that depends on the SDK gets gRPC, protobuf and the generated stubs, never the
 * engine: this test's classpath is the SDK's runtime classpath plus test libraries, and none of
 * the engine's (ebmsim-actors), the server's, Pekko's, OpenBLAS's or EJML's classes may be
 * loadable from it. (The CLI's tests check that the same scan does find them there.)
 */
class EngineNotOnClasspathTest {

  @Test
  void classpath_holdsNoEngineServerPekkoOrOpenBlasClasses() {
    Map<String, List<String>> found = EngineClasses.onClasspath().entrySet().stream()
        .filter(e -> !e.getValue().isEmpty())
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

    assertEquals(Map.of(), found, "engine classes reachable from the SDK's classpath");
  }

  @Test
  void markerClasses_areNotLoadable() {
    for (String name : EngineClasses.MARKERS) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name, false, getClass().getClassLoader()),
          name + " must not be loadable by an application that uses only the SDK");
    }
  }
}
