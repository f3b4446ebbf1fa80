package org.ebmsim.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintStream;

/**
 * Machine output: one compact JSON object per line in the proto3 JSON mapping (camelCase
 * names, 64-bit integers as strings). Fields without presence are always printed, so every
 * event of a kind has the same keys.
 */
final class JsonLines {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace().alwaysPrintFieldsWithNoPresence();

  private JsonLines() {}

  /** The message as one line of JSON (no newline). */
  static String format(MessageOrBuilder message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields with unknown types fail to print; ebmsim.v1 has none.
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** Prints the message as one line of JSON and flushes, so readers of a pipe see it at once. */
  static void print(PrintStream out, MessageOrBuilder message) {
    out.println(format(message));
    out.flush();
  }
}
