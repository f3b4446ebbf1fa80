package org.ebmsim.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.ZipException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.memory.MemoryBudget;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (LeCun et al.): bytes 0–1 zero, byte 2 the
 * element type, byte 3 the number of dimensions d, then d big-endian uint32 sizes, then the
 * elements big-endian in row-major order. Gzipped files are detected by their magic bytes.
 * A file must hold exactly the elements its header announces: fewer is "truncated", more is
 * "trailing bytes", both {@link InvalidRequestException}s naming the counts.
 */
public final class IdxReader {
  /** Largest element count accepted (a Java array bound). */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 16;
  private static final int CHUNK = 1 << 16;

  /** An IDX array as float32: its dimensions and its elements, row-major. */
  public record IdxArray(int[] dims, float[] values) {
    /** Size of the first dimension (rows). */
    public int rows() {
      return dims[0];
    }

    /** Product of the other dimensions (1 for a 1-d array). */
    public int cols() {
      return dims.length == 1 ? 1 : values.length / Math.max(1, dims[0]);
    }
  }

  private IdxReader() {}

  /**
   * Reads a whole IDX stream (gzipped or not) as floats; charges the float array to {@code memory}
   * before allocating it.
   *
   * @param what names the file in messages ("the data part")
   * @throws InvalidRequestException if the stream is not a complete IDX file
   * @throws org.ebmsim.errors.ResourceLimitException if the array does not fit the memory budget
   */
  public static IdxArray read(InputStream raw, MemoryBudget.Reservation memory, String what) throws IOException {
    try {
      InputStream in = Gzip.maybeDecompress(raw);
      byte[] head = new byte[4];
      int got = in.readNBytes(head, 0, 4);
      InvalidRequestException.require(got == 4, what + " is not an IDX file: it has only " + got + " bytes");
      InvalidRequestException.require(head[0] == 0 && head[1] == 0,
          what + " is not an IDX file: it does not start with two zero bytes");
      ElementType type = ElementType.of(head[2], what);
      int d = head[3] & 0xff;
      InvalidRequestException.require(d >= 1, what + " is an IDX file of 0 dimensions");
      byte[] sizes = new byte[4 * d];
      got = in.readNBytes(sizes, 0, sizes.length);
      InvalidRequestException.require(got == sizes.length, what + " is truncated: its header announces " + d
          + " dimensions but ends after " + (4 + got) + " bytes");
      ByteBuffer sb = ByteBuffer.wrap(sizes).order(ByteOrder.BIG_ENDIAN);
      int[] dims = new int[d];
      long count = 1;
      for (int i = 0; i < d; i++) {
        long size = Integer.toUnsignedLong(sb.getInt());
        InvalidRequestException.require(size >= 1 && size <= MAX_ELEMENTS,
            what + ": dimension " + i + " has size " + size + "; sizes must be in [1, " + MAX_ELEMENTS + "]");
        dims[i] = (int) size;
        count *= size;
        InvalidRequestException.require(count <= MAX_ELEMENTS,
            what + " announces more than " + MAX_ELEMENTS + " elements");
      }
      memory.grow(4 * count, "reading " + what + " (" + shape(dims) + ")");
      float[] values = new float[(int) count];
      readElements(in, type, values, dims, what);
      int extra = in.readNBytes(CHUNK).length;
      InvalidRequestException.require(extra == 0, what + " has trailing bytes after the " + count + " elements of "
          + shape(dims) + " its header announces");
      return new IdxArray(dims, values);
    } catch (ZipException | EOFException e) {
      // GZIPInputStream reports a cut-off or damaged compressed stream this way
      throw new InvalidRequestException(what + " is a damaged or truncated gzip stream (" + e.getMessage() + ")", e);
    }
  }

  /**
   * A dataset from an IDX data file and an optional IDX labels file: rows are the first
   * dimension, columns the product of the others, and 3-d data (n × h × w) are images h × w.
   *
   * @param labels the labels file (1-d, one non-negative integer per row), or null
   * @throws InvalidRequestException if either file is malformed or the counts differ
   */
  public static Dataset dataset(InputStream data, InputStream labels, MemoryBudget.Reservation memory)
      throws IOException {
    IdxArray x = read(data, memory, "the data part");
    int[] classes = null;
    if (labels != null) {
      IdxArray y = read(labels, memory, "the labels part");
      InvalidRequestException.require(y.dims().length == 1,
          "the labels part must be a 1-d IDX file (got " + shape(y.dims()) + ")");
      InvalidRequestException.require(y.rows() == x.rows(),
          "the labels part has " + y.rows() + " labels for " + x.rows() + " rows of data");
      classes = Labels.fromFloats(y.values(), "the labels part");
    }
    int h = x.dims().length == 3 ? x.dims()[1] : 0;
    int w = x.dims().length == 3 ? x.dims()[2] : 0;
    return new Dataset(x.rows(), x.cols(), x.values(), classes, h, w, new int[0]);
  }

  private static void readElements(InputStream in, ElementType type, float[] values, int[] dims, String what)
      throws IOException {
    byte[] buf = new byte[CHUNK - CHUNK % 8];
    ByteBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.BIG_ENDIAN);
    long total = (long) values.length * type.bytes;
    long done = 0;
    int next = 0;
    while (done < total) {
      int want = (int) Math.min(buf.length, total - done);
      int got = in.readNBytes(buf, 0, want);
      if (got < want) {
        throw new InvalidRequestException(what + " is truncated: its header announces " + shape(dims) + " "
            + type.label + " (" + total + " bytes of elements) but only " + (done + got) + " bytes follow");
      }
      int n = got / type.bytes;
      switch (type) {
        case UBYTE -> {
          for (int i = 0; i < n; i++) {
            values[next + i] = buf[i] & 0xff;
          }
        }
        case BYTE -> {
          for (int i = 0; i < n; i++) {
            values[next + i] = buf[i];
          }
        }
        case SHORT -> {
          for (int i = 0; i < n; i++) {
            values[next + i] = view.getShort(2 * i);
          }
        }
        case INT -> {
          for (int i = 0; i < n; i++) {
            values[next + i] = view.getInt(4 * i);
          }
        }
        case FLOAT -> {
          for (int i = 0; i < n; i++) {
            values[next + i] = view.getFloat(4 * i);
          }
        }
        case DOUBLE -> {
          for (int i = 0; i < n; i++) {
            values[next + i] = (float) view.getDouble(8 * i);
          }
        }
        default -> throw new AssertionError(type);
      }
      next += n;
      done += got;
    }
  }

  static String shape(int[] dims) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      b.append(i == 0 ? "" : " x ").append(dims[i]);
    }
    return b.toString();
  }

  /** The element types of the IDX format, by their type byte. */
  enum ElementType {
    UBYTE(0x08, 1, "unsigned bytes"),
    BYTE(0x09, 1, "signed bytes"),
    SHORT(0x0B, 2, "int16s"),
    INT(0x0C, 4, "int32s"),
    FLOAT(0x0D, 4, "float32s"),
    DOUBLE(0x0E, 8, "float64s");

    final int code;
    final int bytes;
    final String label;

    ElementType(int code, int bytes, String label) {
      this.code = code;
      this.bytes = bytes;
      this.label = label;
    }

    static ElementType of(byte code, String what) {
      for (ElementType t : values()) {
        if (t.code == (code & 0xff)) {
          return t;
        }
      }
      throw new InvalidRequestException(what + " has IDX element type 0x" + String.format("%02x", code & 0xff)
          + "; known types are 0x08 (ubyte), 0x09 (byte), 0x0b (int16), 0x0c (int32), 0x0d (float32), 0x0e (float64)");
    }
  }
}
