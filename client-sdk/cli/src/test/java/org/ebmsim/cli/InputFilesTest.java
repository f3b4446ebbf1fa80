package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
  @TempDir Path dir;
  private final List<String> notes = new ArrayList<>();

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static void assertMessage(String expectedPart, InputFileException e) {
    assertTrue(e.getMessage().contains(expectedPart), "message was: " + e.getMessage());
  }

  @Test
  void json_patternsObject_readsRowsWithoutNote() throws IOException {
    Path f = write("p.json", "{\"name\": \"x\", \"patterns\": [[1,-1,1],\n [-1,-1,1]]}");

    int[][] p = InputFiles.readPatterns(f, notes::add);

    assertArrayEquals(new int[][] {{1, -1, 1}, {-1, -1, 1}}, p);
    assertTrue(notes.isEmpty(), notes.toString());
  }

  @Test
  void json_bareArrayOfArrays_readsRows() throws IOException {
    Path f = write("p.json", "[[1, 1], [-1, 1]]");

    assertArrayEquals(new int[][] {{1, 1}, {-1, 1}}, InputFiles.readPatterns(f, notes::add));
  }

  @Test
  void json_stringInsteadOfNumber_namesLineAndColumn() throws IOException {
    Path f = write("p.json", "{\"patterns\": [\n  [1, -1],\n  [1, \"x\"]\n]}");

    InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.readPatterns(f, notes::add));

    assertMessage(f + ":3:", e);
    assertMessage("expected a number, found a string", e);
  }

  @Test
  void json_raggedRows_namesRowAndFirstRow() throws IOException {
    Path f = write("w.json", "{\"weights\": [\n  [0, 1],\n  [1, 0, 2]\n]}");

    InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.readWeights(f));

    assertMessage(f + ":3:3: row 2 has 3 values, but the first row (at 2:3) has 2", e);
  }

  @Test
  void json_malformed_namesLineAndColumn() throws IOException {
    Path f = write("p.json", "[[1, -1],\n [1 -1]]");

    InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.readPatterns(f, notes::add));

    assertMessage(f + ":2:", e);
    assertMessage("invalid JSON", e);
  }

  @Test
  void csv_commasBlanksAndComments_readsRows() throws IOException {
    Path f = write("p.csv", "# two patterns\n1, -1,1   # first\n\n-1 -1\t1\n");

    assertArrayEquals(new int[][] {{1, -1, 1}, {-1, -1, 1}}, InputFiles.readPatterns(f, notes::add));
  }

  @Test
  void csv_badNumber_namesLineAndColumn() throws IOException {
    Path f = write("w.csv", "0, 1\n1, O.5\n");

    InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.readWeights(f));

    assertEquals(f + ":2:4: not a number: \"O.5\"", e.getMessage());
  }

  @Test
  void csv_emptyField_namesLineAndColumn() throws IOException {
    Path f = write("w.csv", "0,,1\n");

    InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.readWeights(f));

    assertEquals(f + ":1:3: empty value before ','", e.getMessage());
  }

  @Test
  void csv_raggedRow_namesLineAndFirstRowLine() throws IOException {
    Path f = write("p.txt", "# c\n1 1 1\n1 1\n");

    InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.readPatterns(f, notes::add));

    assertEquals(f + ":3: row has 2 values, but the first row (line 2) has 3", e.getMessage());
  }

  @Test
  void patterns_zeroOne_convertedToPlusMinusWithNote() throws IOException {
    Path f = write("p.csv", "0,1,1\n1,0,0\n");

    int[][] p = InputFiles.readPatterns(f, notes::add);

    assertArrayEquals(new int[][] {{-1, 1, 1}, {1, -1, -1}}, p);
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).contains("0/1"), notes.get(0));
  }

  @Test
  void patterns_zeroAndMinusOne_rejectedNamingBoth() throws IOException {
    Path f = write("p.csv", "1,-1\n0,1\n");

    InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.readPatterns(f, notes::add));

    assertMessage(f + ":2:1: found 0 in a file that also has -1 (at " + f + ":1:3)", e);
  }

  @Test
  void patterns_valueTwo_rejectedWithPlace() throws IOException {
    Path f = write("p.csv", "1, 1\n1, 2\n");

    InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.readPatterns(f, notes::add));

    assertEquals(f + ":2:4: pattern values must be ±1 (or 0/1); found 2", e.getMessage());
  }

  @Test
  void pattern_imageLaidOutAsRows_flattenedRowMajor() throws IOException {
    Path f = write("img.csv", "1 0\n0 1\n");

    assertArrayEquals(new int[] {1, -1, -1, 1}, InputFiles.readPattern(f, notes::add));
  }

  @Test
  void weights_jsonWithBias_readsBoth_csvHasNoBias() throws IOException {
    Path json = write("w.json", "{\"weights\": [[0, 0.5], [0.5, 0]], \"bias\": [0.1, -0.2]}");
    Path csv = write("w.csv", "0 0.5\n0.5 0\n");

    InputFiles.Weights w = InputFiles.readWeights(json);

    assertArrayEquals(new double[][] {{0, 0.5}, {0.5, 0}}, w.weights());
    assertArrayEquals(new double[] {0.1, -0.2}, w.bias());
    assertNull(InputFiles.readWeights(csv).bias());
  }

  @Test
  void weights_notSquare_rejected() throws IOException {
    Path f = write("w.csv", "0 1 2\n1 0 2\n");

    InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.readWeights(f));

    assertMessage("weights must be square, but there are 2 rows of 3 values", e);
  }

  @Test
  void cue_zeroMeansUnknown_otherValuesRejected() throws IOException {
    Path good = write("cue.json", "{\"cue\": [1, 0, -1]}");
    Path bad = write("cue.csv", "1 0 0.5\n");

    assertArrayEquals(new int[] {1, 0, -1}, InputFiles.readCue(good));
    InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.readCue(bad));
    assertEquals(bad + ":1:5: cue values must be -1, +1, or 0 for unknown; found 0.5", e.getMessage());
  }

  @Test
  void unknownExtensionOrMissingFile_rejectedWithName() throws IOException {
    Path odd = write("p.xlsx", "1,1");

    assertMessage("unknown file type \".xlsx\"", assertThrows(InputFileException.class, () -> InputFiles.readPatterns(odd, notes::add)));
    assertMessage("no such file", assertThrows(InputFileException.class,
        () -> InputFiles.readPatterns(dir.resolve("none.csv"), notes::add)));
  }

  @Test
  void json_objectWithoutExpectedKey_listsKeysFound() throws IOException {
    Path f = write("p.json", "{\"pats\": [[1]]}");

    assertMessage("\"patterns\"", assertThrows(InputFileException.class, () -> InputFiles.readPatterns(f, notes::add)));
  }
}
