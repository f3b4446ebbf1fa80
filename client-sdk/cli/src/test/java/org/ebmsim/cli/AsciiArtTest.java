package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AsciiArtTest {

  @Test
  void image_rowsOfGlyphs_plusHashMinusDotUnknownQuestion() {
    List<String> lines = AsciiArt.image(new int[] {1, -1, 0, -1, 1, 1}, 2, 3);

    assertEquals(List.of("#.?", ".##"), lines);
  }

  @Test
  void image_tooFewUnits_rejected() {
    assertThrows(IllegalArgumentException.class, () -> AsciiArt.image(new int[] {1, 1}, 2, 2));
  }

  @Test
  void wrapped_longPattern_linesOfAtMostLineWidth() {
    int[] spins = new int[AsciiArt.LINE_WIDTH + 3];
    java.util.Arrays.fill(spins, -1);

    List<String> lines = AsciiArt.wrapped(spins);

    assertEquals(2, lines.size());
    assertEquals(AsciiArt.LINE_WIDTH, lines.get(0).length());
    assertEquals("...", lines.get(1));
  }

  @Test
  void sideBySide_titlesPaddedArrowOnMiddleRow() {
    List<String> out = AsciiArt.sideBySide(
        List.of("cue", "completed"),
        List.of(List.of("#.", "?#", ".."), List.of("#.", "##", "..")),
        " -> ");

    // Each picture is padded to the width of its title; the separator sits on the middle row.
    assertEquals(List.of(
        "cue    completed",
        "#.     #.",
        "?#  -> ##",
        "..     .."), out);
  }

  @Test
  void progressBar_render_showsFractionCountAndDetail() {
    assertEquals("[###############---------------]  50% 5/10 sweeps  E -1", ProgressBar.render(5, 10, "E -1"));
    assertEquals("7 sweeps", ProgressBar.render(7, 0, ""));
  }

  @Test
  void progressBar_shortSession_drawsNothing_longSession_drawsAndEndsLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AtomicLong now = new AtomicLong();
    ProgressBar bar = new ProgressBar(err, now::get, 1_000);

    bar.update(1, 10, "");
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    now.set(2_000);
    bar.update(2, 10, "x");
    bar.finish();

    String drawn = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(drawn.startsWith("\r[######"), drawn);
    assertTrue(drawn.endsWith("2/10 sweeps  x" + System.lineSeparator()), drawn);
  }
}
