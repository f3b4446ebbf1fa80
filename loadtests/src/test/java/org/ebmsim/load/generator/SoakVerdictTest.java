package org.ebmsim.load.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's verdict rules, one by one. */
class SoakVerdictTest {
  private static final long MIB = 1 << 20;

  @Test
  void cleanEnd_withTheHeapWithinTheSlack_passes() {
    assertEquals(List.of(), SoakVerdict.judge(100 * MIB, 131 * MIB, 32 * MIB, 0, 0, List.of()));
    assertEquals(List.of(), SoakVerdict.judge(100 * MIB, 60 * MIB, 32 * MIB, 0, 0, List.of()), "a heap that shrank");
  }

  @Test
  void eachBreach_isNamed() {
    List<String> v = SoakVerdict.judge(100 * MIB, 133 * MIB, 32 * MIB, 3, 2, List.of("anneal answered INTERNAL"));
    assertEquals(4, v.size(), v.toString());
    assertEquals("anneal answered INTERNAL", v.get(0));
    assertTrue(v.get(1).contains("heap grew from 100 MiB") && v.get(1).contains("133 MiB"), v.get(1));
    assertTrue(v.get(2).startsWith("3 engine actors"), v.get(2));
    assertTrue(v.get(3).startsWith("2 sessions"), v.get(3));
  }

  @Test
  void unreadableHeap_fails() {
    assertEquals(1, SoakVerdict.judge(-1, 100 * MIB, 32 * MIB, 0, 0, List.of()).size());
  }
}
