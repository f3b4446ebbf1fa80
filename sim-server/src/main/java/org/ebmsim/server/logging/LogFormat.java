package org.ebmsim.server.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;
import org.slf4j.LoggerFactory;

/**
 * Switches the encoders of the root logger's appenders between the text pattern of
 * {@code logback.xml} and logback's built-in {@link JsonEncoder} (one JSON object per line, with
 * the MDC, so session ids appear as {@code mdc.session_id}). The server applies
 * {@code ebmsim.logging.format} as it starts; switching back to text restores each appender's
 * own encoder. A logging backend other than logback is left alone.
 */
public final class LogFormat {
  /** The formats {@code ebmsim.logging.format} accepts. */
  public static final String TEXT = "text";
  public static final String JSON = "json";

  /** Each switched appender's own (text) encoder, to restore. */
  private static final Map<OutputStreamAppender<ILoggingEvent>, Encoder<ILoggingEvent>> TEXT_ENCODERS =
      new WeakHashMap<>();

  private LogFormat() {
  }

  /**
   * Makes every output-stream appender of the root logger write {@code format}.
   *
   * @throws IllegalArgumentException if {@code format} is neither {@value #TEXT} nor {@value #JSON}
   */
  public static synchronized void apply(String format) {
    if (!TEXT.equals(format) && !JSON.equals(format)) {
      throw new IllegalArgumentException("ebmsim.logging.format must be \"text\" or \"json\", got \"" + format + "\"");
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
        if (JSON.equals(format) && !(appender.getEncoder() instanceof JsonEncoder)) {
          TEXT_ENCODERS.put(appender, appender.getEncoder());
          appender.setEncoder(json(context));
        } else if (TEXT.equals(format) && TEXT_ENCODERS.containsKey(appender)) {
          Encoder<ILoggingEvent> json = appender.getEncoder();
          appender.setEncoder(TEXT_ENCODERS.remove(appender));
          json.stop();
        }
      }
    }
  }

  /**
   * A started JSON encoder: timestamp, level, thread, logger, MDC, the formatted message and any
   * throwable; not the raw pattern and its arguments (the formatted message says the same), nor
   * logback's context block (the same on every line).
   */
  private static JsonEncoder json(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithContext(false);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
