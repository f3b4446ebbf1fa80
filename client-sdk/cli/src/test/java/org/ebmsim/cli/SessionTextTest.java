package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ebmsim.proto.v1.Session;
import org.junit.jupiter.api.Test;

/** What {@code sessions get} calls the value a session is run by. */
class SessionTextTest {
  private static boolean shows(List<String> lines, String label) {
    return lines.stream().anyMatch(l -> l.startsWith(label) && l.contains("0.05"));
  }

  @Test
  void theRunValue_isLabelledByTheSessionsKind() {
    Session.Builder s = Session.newBuilder().setId("s-0000000000000001").setTemperature(0.05);
    assertTrue(shows(SessionText.details(s.setKind("anneal").build(), null), "temperature"));
    assertTrue(shows(SessionText.details(s.setKind("partition_function").build(), null), "β"));
    assertTrue(shows(SessionText.details(s.setKind("train").build(), null), "learning rate"));
  }
}
