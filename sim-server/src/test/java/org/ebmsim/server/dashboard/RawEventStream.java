package org.ebmsim.server.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An event-stream request on a bare socket whose reading the test controls: it can leave the
 * bytes unread (a stalled browser; the receive buffer is kept small so the server's writes back up
 * soon), read the whole chunked body later, or drop the connection.
 */
final class RawEventStream implements AutoCloseable {
  private final Socket socket = new Socket();
  private final InputStream in;

  RawEventStream(int port, String path) throws IOException {
    socket.setReceiveBufferSize(4096); // before connecting: it sets the TCP window
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(60_000);
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    in = socket.getInputStream();
  }

  /** The status line and headers. */
  String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside the response head: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** The next chunk of the chunked body, or null after the last chunk. */
  String readChunk() throws IOException {
    String size = line();
    int n = Integer.parseInt(size.split(";")[0].trim(), 16);
    if (n == 0) {
      return null;
    }
    byte[] data = in.readNBytes(n);
    if (data.length < n) {
      throw new IOException("connection closed inside a chunk");
    }
    line(); // the CRLF after the chunk
    return new String(data, StandardCharsets.UTF_8);
  }

  /** The rest of the body, to its last chunk. */
  String readToEnd() throws IOException {
    StringBuilder body = new StringBuilder();
    for (String chunk = readChunk(); chunk != null; chunk = readChunk()) {
      body.append(chunk);
    }
    return body.toString();
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed inside a chunk header");
      }
      if (b != '\r') {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }

  /** Drops the connection (unread bytes make it a reset): the browser went away. */
  @Override
  public void close() throws IOException {
    socket.close();
  }
}
