package org.ebmsim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.memory.MemoryBudget;
import org.junit.jupiter.api.Test;

class IdxReaderTest {
  private static MemoryBudget.Reservation unlimited() {
    return new MemoryBudget(Long.MAX_VALUE).reserve(0, "test");
  }

  private static Dataset read(byte[] data, byte[] labels) throws Exception {
    return IdxReader.dataset(new ByteArrayInputStream(data), labels == null ? null : new ByteArrayInputStream(labels),
        unlimited());
  }

  private static String failure(byte[] data, byte[] labels) {
    return assertThrows(InvalidRequestException.class, () -> read(data, labels)).getMessage();
  }

  /** Two 2×3 images with pixel values 0..11 (row-major, big-endian irrelevant for bytes). */
  private static byte[] twoImages() {
    byte[] px = new byte[12];
    for (int i = 0; i < 12; i++) {
      px[i] = (byte) (i * 20); // up to 220: above 127 checks the bytes are read unsigned
    }
    return IdxFiles.ubyte(new int[] {2, 2, 3}, px);
  }

  @Test
  void threeDimensionalUnsignedBytes_becomeRowsOfPixels_withTheImageShape_andLabels() throws Exception {
    Dataset d = read(twoImages(), IdxFiles.ubyte(new int[] {2}, new byte[] {7, 3}));
    assertEquals(2, d.rows());
    assertEquals(6, d.cols());
    assertEquals(2, d.imageHeight());
    assertEquals(3, d.imageWidth());
    assertEquals(220f, d.value(1, 5));
    assertEquals(60f, d.value(0, 3));
    assertArrayEquals(new int[] {7, 3}, d.labels());
    assertEquals(8, d.classes());
    assertEquals(0f, d.min());
    assertEquals(220f, d.max());
  }

  @Test
  void gzippedFiles_areDetectedByTheirMagic_andReadTheSame() throws Exception {
    byte[] labels = IdxFiles.ubyte(new int[] {2}, new byte[] {1, 0});
    Dataset plain = read(twoImages(), labels);
    Dataset zipped = read(IdxFiles.gzip(twoImages()), IdxFiles.gzip(labels));
    assertArrayEquals(plain.values(), zipped.values());
    assertArrayEquals(plain.labels(), zipped.labels());
  }

  @Test
  void wideTypes_areBigEndian() throws Exception {
    Dataset f = read(IdxFiles.float32(new int[] {2, 2}, new float[] {1.5f, -2f, 3.25f, 1e-3f}), null);
    assertArrayEquals(new float[] {1.5f, -2f, 3.25f, 1e-3f}, f.values());
    assertEquals(0, f.imageHeight());
    assertNull(f.labels());
    Dataset s = read(IdxFiles.int16(new int[] {3}, new short[] {-300, 0, 1000}), null);
    assertEquals(1, s.cols());
    assertArrayEquals(new float[] {-300, 0, 1000}, s.values());
  }

  @Test
  void truncatedData_isRefused_sayingHowManyBytesWereAnnouncedAndFound() {
    byte[] whole = twoImages();
    String m = failure(Arrays.copyOf(whole, whole.length - 5), null);
    assertTrue(m.contains("truncated") && m.contains("12 bytes of elements") && m.contains("only 7 bytes follow"), m);
    String header = failure(Arrays.copyOf(whole, 9), null);
    assertTrue(header.contains("truncated") && header.contains("3 dimensions"), header);
  }

  @Test
  void truncatedGzip_isRefused() throws Exception {
    byte[] zipped = IdxFiles.gzip(twoImages());
    String m = failure(Arrays.copyOf(zipped, zipped.length - 12), null);
    assertTrue(m.contains("truncated"), m);
  }

  @Test
  void trailingBytes_wrongMagic_unknownTypes_andZeroSizes_areRefused() {
    byte[] whole = twoImages();
    assertTrue(failure(Arrays.copyOf(whole, whole.length + 1), null).contains("trailing bytes"));
    byte[] bad = whole.clone();
    bad[1] = 1;
    assertTrue(failure(bad, null).contains("two zero bytes"));
    bad = whole.clone();
    bad[2] = 0x0A;
    assertTrue(failure(bad, null).contains("element type 0x0a"));
    assertTrue(failure(IdxFiles.ubyte(new int[] {0, 4}, new byte[0]), null).contains("dimension 0 has size 0"));
    assertTrue(failure(new byte[] {0, 0}, null).contains("only 2 bytes"));
  }

  @Test
  void labels_mustBeOneDimensional_onePerRow() {
    assertTrue(failure(twoImages(), IdxFiles.ubyte(new int[] {3}, new byte[] {1, 2, 3})).contains("3 labels for 2 rows"));
    assertTrue(failure(twoImages(), IdxFiles.ubyte(new int[] {2, 1}, new byte[] {1, 2})).contains("1-d"));
    assertTrue(failure(twoImages(), IdxFiles.float32(new int[] {2}, new float[] {1, 0.5f})).contains("not an integer"));
  }

  @Test
  void theArray_isChargedBeforeItIsAllocated() {
    MemoryBudget budget = new MemoryBudget(40);
    MemoryBudget.Reservation r = budget.reserve(0, "test");
    // 12 floats are 48 bytes: refused by the budget, not by the heap
    assertThrows(ResourceLimitException.class, () -> IdxReader.read(new ByteArrayInputStream(twoImages()), r, "x"));
    assertEquals(0, budget.used());
  }

  @Test
  void tenThousandImagesOf784Pixels_readWellUnderASecond() throws Exception {
    Random random = new Random(1);
    byte[] px = new byte[10000 * 784];
    random.nextBytes(px);
    byte[] zipped = IdxFiles.gzip(IdxFiles.ubyte(new int[] {10000, 28, 28}, px));
    long best = Long.MAX_VALUE;
    Dataset d = null;
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      d = read(zipped, null);
      best = Math.min(best, System.nanoTime() - t0);
    }
    assertEquals(10000, d.rows());
    assertEquals(px[123456] & 0xff, (int) d.values()[123456]);
    assertTrue(best < 500_000_000L, "best of 3 reads took " + best / 1e6 + " ms; must stay under 500 ms");
  }
}
