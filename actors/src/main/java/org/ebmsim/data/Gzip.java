package org.ebmsim.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Opens a stream that may be gzipped, told by its first two bytes (1f 8b), not by a file name. */
final class Gzip {
  private static final int BUFFER = 1 << 16;

  private Gzip() {}

  /** {@code in}, decompressed if it starts with the gzip magic, buffered either way. */
  static InputStream maybeDecompress(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER), BUFFER);
    }
    return buffered;
  }
}
