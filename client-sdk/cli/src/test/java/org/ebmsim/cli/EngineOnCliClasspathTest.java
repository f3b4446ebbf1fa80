package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ebmsim.testing.EngineClasses;
import org.junit.jupiter.api.Test;

/**
 * The counterpart of the SDK's EngineNotOnClasspathTest: the CLI has the server (for
 * {@code ebmsim server}) and so the whole engine on its classpath, and the same scan finds every
 * one of its packages here. This keeps the SDK's check from passing by looking in the wrong
 * place or for names that no longer exist.
 */
class EngineOnCliClasspathTest {

  @Test
  void scan_findsEveryEnginePackage() {
    for (Map.Entry<String, List<String>> e : EngineClasses.onClasspath().entrySet()) {
      assertTrue(!e.getValue().isEmpty(), "no class under " + e.getKey() + " found on the CLI's classpath");
    }
  }

  @Test
  void markerClasses_areLoadable() throws ClassNotFoundException {
    for (String name : EngineClasses.MARKERS) {
      Class.forName(name, false, getClass().getClassLoader());
    }
  }
}
