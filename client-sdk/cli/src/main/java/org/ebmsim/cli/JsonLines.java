package org.ebmsim.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintStream;
import org.ebmsim.proto.v1.ModelsProto;
import org.ebmsim.proto.v1.RbmProto;
import org.ebmsim.proto.v1.SessionsProto;

/**
 * Machine output: one compact JSON object per line in the proto3 JSON mapping (camelCase
 * names, 64-bit integers as strings). Fields without presence are always printed, so every
 * event of a kind has the same keys.
 */
final class JsonLines {
  /**
   * Every message type of ebmsim.v1 (and what they import), so that {@code Any} fields holding
   * them print; a plug-in family's own types are unknown here.
   */
  private static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
      .add(ModelsProto.getDescriptor().getMessageTypes())
      .add(SessionsProto.getDescriptor().getMessageTypes())
      .add(RbmProto.getDescriptor().getMessageTypes())
      .build();

  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().usingTypeRegistry(TYPES)
      .omittingInsignificantWhitespace().alwaysPrintFieldsWithNoPresence();

  private JsonLines() {}

  /** The message as one line of JSON (no newline). */
  static String format(MessageOrBuilder message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields with unknown types fail to print: a plug-in family's parameters.
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON ("
          + e.getMessage() + "); a plug-in family's messages are unknown to this CLI", e);
    }
  }

  /** Prints the message as one line of JSON and flushes, so readers of a pipe see it at once. */
  static void print(PrintStream out, MessageOrBuilder message) {
    out.println(format(message));
    out.flush();
  }
}
