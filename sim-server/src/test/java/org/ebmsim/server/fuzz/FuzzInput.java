package org.ebmsim.server.fuzz;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The layout of one fuzz input: the full method name, a newline, then the request bytes (for a
 * client-streaming method, a sequence of varint-length-delimited messages). Naming the method
 * keeps saved inputs meaningful when RPCs are added; a name the server does not bind still picks
 * a method (by its hash), so no input is wasted. Requests are parsed with the method's own request
 * marshaller, as a server does.
 */
record FuzzInput(MethodDescriptor<?, ?> method, List<Message> requests) {
  /** Longest name part looked for; beyond it the whole input is request bytes. */
  private static final int MAX_NAME = 160;
  /** Messages read for a client-streaming method; the rest of the input is ignored. */
  private static final int MAX_STREAMED = 16;

  /** The method an input addresses (whether or not its request bytes parse). */
  static MethodDescriptor<?, ?> method(byte[] input, RpcCatalog catalog) {
    int nl = newline(input);
    byte[] name = nl < 0 ? new byte[0] : Arrays.copyOf(input, nl);
    return catalog.byName(new String(name, StandardCharsets.UTF_8)).orElseGet(() ->
        catalog.methods().get(Math.floorMod(Arrays.hashCode(name), catalog.methods().size())));
  }

  /** The input's method and requests; empty when the request bytes are not a valid encoding. */
  static Optional<FuzzInput> decode(byte[] input, RpcCatalog catalog) {
    MethodDescriptor<?, ?> method = method(input, catalog);
    int nl = newline(input);
    byte[] body = Arrays.copyOfRange(input, nl + 1, input.length);
    try {
      List<Message> requests = new ArrayList<>();
      if (method.getType().clientSendsOneMessage()) {
        requests.add(parse(method, body));
      } else {
        CodedInputStream in = CodedInputStream.newInstance(body);
        while (!in.isAtEnd() && requests.size() < MAX_STREAMED) {
          requests.add(parse(method, in.readByteArray()));
        }
      }
      return Optional.of(new FuzzInput(method, requests));
    } catch (InvalidProtocolBufferException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("reading a byte array cannot fail on I/O", e);
    }
  }

  /** The input addressing {@code fullMethodName} with {@code requests} (what the seed corpus is made of). */
  static byte[] encode(String fullMethodName, List<? extends Message> requests, boolean clientStreaming) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((fullMethodName + "\n").getBytes(StandardCharsets.UTF_8));
    if (!clientStreaming) {
      if (requests.size() != 1) {
        throw new IllegalArgumentException("a method that is not client-streaming takes one request");
      }
      out.writeBytes(requests.get(0).toByteArray());
      return out.toByteArray();
    }
    try {
      CodedOutputStream coded = CodedOutputStream.newInstance(out);
      for (Message m : requests) {
        coded.writeByteArrayNoTag(m.toByteArray());
      }
      coded.flush();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static int newline(byte[] input) {
    for (int i = 0; i < Math.min(input.length, MAX_NAME); i++) {
      if (input[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Parses with the method's request marshaller. grpc-java's protobuf marshaller reports bad bytes
   * as an INTERNAL StatusRuntimeException caused by InvalidProtocolBufferException: that is a
   * decoding failure; anything else it throws is a finding.
   */
  private static Message parse(MethodDescriptor<?, ?> method, byte[] bytes) throws InvalidProtocolBufferException {
    try {
      return (Message) method.parseRequest(new ByteArrayInputStream(bytes));
    } catch (StatusRuntimeException e) {
      if (e.getCause() instanceof InvalidProtocolBufferException ipbe) {
        throw ipbe;
      }
      throw e;
    }
  }
}
