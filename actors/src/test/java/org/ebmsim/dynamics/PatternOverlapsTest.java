package org.ebmsim.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Overlaps, best match and cue-aware Hamming distances. */
class PatternOverlapsTest {
  // Three patterns of 4 units, row-major.
  private static final byte[] XI = {
      1, 1, 1, 1,
      1, -1, 1, -1,
      1, 1, -1, -1};

  @Test
  void overlaps_areNormalisedDotProducts_withUnknownUnitsContributingNothing() {
    PatternOverlaps o = new PatternOverlaps(3, 4, XI);
    assertArrayEquals(new double[] {0.5, -0.5, 0.5}, o.overlaps(new byte[] {1, 1, -1, 1}), 0.0);
    assertArrayEquals(new double[] {0.25, 0.25, 0.25}, o.overlaps(new byte[] {1, 0, 0, 0}), 0.0);
    byte[] batch = {0, 0, 0, 0, 1, -1, 1, -1};
    assertEquals(1.0, o.overlap(1, batch, 4), 0.0, "state at an offset in a batch");
    assertEquals(0.0, o.overlap(0, batch, 0), 0.0);
  }

  @Test
  void bestMatch_usesAbsoluteOverlap_soReversedPatternsMatchWithNegativeSign() {
    PatternOverlaps o = new PatternOverlaps(3, 4, XI);
    assertEquals(new PatternOverlaps.Match(2, -1.0), o.bestMatch(new byte[] {-1, -1, 1, 1}));
    assertEquals(new PatternOverlaps.Match(1, 1.0), o.bestMatch(new byte[] {1, -1, 1, -1}));
    assertEquals(0, o.bestMatch(new byte[] {1, 0, 0, 0}).pattern(), "ties go to the lowest index");
  }

  @Test
  void hammingDistance_countsDifferingKnownUnits_only() {
    byte[] a = {1, -1, 1, -1, 1};
    byte[] b = {1, 1, -1, -1, -1};
    assertEquals(3, PatternOverlaps.hammingDistance(a, b));
    byte[] cue = {0, 1, 0, -1, -1}; // units 0 and 2 unknown
    assertEquals(2, PatternOverlaps.hammingDistance(a, cue));
    assertEquals(0, PatternOverlaps.hammingDistance(b, cue));
    assertEquals(1, PatternOverlaps.hammingDistance(a, 1, b, 0, 2), "ranges at offsets");
    assertThrows(IllegalArgumentException.class, () -> PatternOverlaps.hammingDistance(a, new byte[4]));
  }

  @Test
  void construction_invalidPatterns_areRejectedNamingTheEntry() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PatternOverlaps(2, 2, new byte[] {1, -1, 0, 1}));
    assertTrue(e.getMessage().contains("patterns[1][0]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PatternOverlaps(2, 2, new byte[3]));
    PatternOverlaps o = new PatternOverlaps(3, 4, XI);
    assertThrows(IllegalArgumentException.class, () -> o.overlap(3, new byte[4], 0));
    assertThrows(IllegalArgumentException.class, () -> o.overlap(0, new byte[5], 2), "state past the array end");
  }
}
