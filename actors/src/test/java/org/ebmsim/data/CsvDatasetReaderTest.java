package org.ebmsim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.ebmsim.data.CsvDatasetReader.Header;
import org.ebmsim.data.CsvDatasetReader.Options;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.memory.MemoryBudget;
import org.junit.jupiter.api.Test;

class CsvDatasetReaderTest {
  private static Dataset read(String text, Options options) throws Exception {
    return read(text.getBytes(StandardCharsets.UTF_8), options);
  }

  private static Dataset read(byte[] bytes, Options options) throws Exception {
    return CsvDatasetReader.read(new ByteArrayInputStream(bytes), options,
        new MemoryBudget(Long.MAX_VALUE).reserve(0, "test"));
  }

  private static String failure(String text, Options options) {
    return assertThrows(InvalidRequestException.class, () -> read(text, options)).getMessage();
  }

  @Test
  void aHeaderOfNames_isDetected_andTheLastColumnHoldsLabels() throws Exception {
    Dataset d = read("a,b,label\n0.5, 1,2\n\n-3,4e-1,0\r\n", new Options(Header.AUTO, -1));
    assertEquals(2, d.rows());
    assertEquals(2, d.cols());
    assertArrayEquals(new float[] {0.5f, 1f, -3f, 0.4f}, d.values());
    assertArrayEquals(new int[] {2, 0}, d.labels());
    assertEquals(3, d.classes());
    assertArrayEquals(new long[] {1, 0, 1}, d.labelCounts());
  }

  @Test
  void aNumericFirstLine_isData_unlessTheHeaderIsDeclared() throws Exception {
    assertEquals(2, read("1,2\n3,4\n", Options.noLabels()).rows());
    Dataset skipped = read("1,2\n3,4\n", new Options(Header.PRESENT, null));
    assertEquals(1, skipped.rows());
    assertNull(skipped.labels());
    assertTrue(failure("x,y\n1,2\n", new Options(Header.ABSENT, null)).contains("line 1, column 0"));
  }

  @Test
  void theFirstColumn_canHoldLabels_andGzipIsDetected() throws Exception {
    byte[] zipped = IdxFiles.gzip("1,0.25,0.75\n0,1,0\n".getBytes(StandardCharsets.UTF_8));
    Dataset d = read(zipped, new Options(Header.AUTO, 0));
    assertArrayEquals(new int[] {1, 0}, d.labels());
    assertArrayEquals(new float[] {0.25f, 0.75f, 1f, 0f}, d.values());
  }

  @Test
  void malformedFiles_areRefused_namingTheLine() {
    assertTrue(failure("1,2\n3\n", Options.noLabels()).contains("line 2 of the CSV file has 1 columns"));
    assertTrue(failure("1,2\n3,oops\n", Options.noLabels()).contains("line 2, column 1"));
    assertTrue(failure("1,2\n3,2.5\n", new Options(Header.AUTO, 1)).contains("label 2.5 of row 1"));
    assertTrue(failure("1,2\n3,-1\n", new Options(Header.AUTO, -1)).contains("label -1.0"));
    assertTrue(failure("1,2\n", new Options(Header.AUTO, 2)).contains("label column 2 does not exist"));
    assertTrue(failure("5\n", new Options(Header.AUTO, 0)).contains("no value columns"));
    assertTrue(failure("a,b\n", Options.noLabels()).contains("no data rows"));
    assertTrue(failure("1,NaN\n", Options.noLabels()).contains("not finite"));
  }

  @Test
  void manyRows_growTheBuffers_andKeepEveryValue() throws Exception {
    StringBuilder b = new StringBuilder();
    int rows = 5000;
    for (int r = 0; r < rows; r++) {
      b.append(r).append(',').append(r % 7).append(',').append(r % 3).append('\n');
    }
    Dataset d = read(b.toString(), new Options(Header.AUTO, -1));
    assertEquals(rows, d.rows());
    assertEquals(4999f, d.value(4999, 0));
    assertEquals(4999 % 7, (int) d.value(4999, 1));
    assertEquals(4999 % 3, d.labels()[4999]);
    assertEquals(3, d.classes());
  }
}
