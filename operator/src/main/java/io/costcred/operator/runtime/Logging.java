package io.costcred.operator.runtime;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code --log-format}. Text is what logback.xml configures; JSON swaps the encoder of
 * every output appender of the root logger for logback's {@link JsonEncoder}: one object per line
 * with timestamp (epoch milliseconds), level, threadName, loggerName, message (the template),
 * formattedMessage, mdc (see {@code core.LogContext}) and throwable.
 */
final class Logging {
  private Logging() {}

  /** Switches the console (and any other output appender of the root logger) to {@code format}. */
  static void use(LogFormat format) {
    if (format != LogFormat.JSON) {
      return;
    }
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      use(format, context);
    } else {
      LoggerFactory.getLogger(Logging.class)
          .warn("--log-format=json needs logback; keeping {}", factory.getClass().getName());
    }
  }

  static void use(LogFormat format, LoggerContext context) {
    if (format != LogFormat.JSON) {
      return;
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out) {
        out.stop();
        out.setEncoder(json(context));
        out.start();
      }
    }
  }

  /** logback's JSON encoder with the fields documented in docs/observability.md#logs. */
  static Encoder<ILoggingEvent> json(Context context) {
    JsonEncoder e = new JsonEncoder();
    e.setContext(context);
    e.setWithSequenceNumber(false);
    e.setWithNanoseconds(false);
    e.setWithContext(false);
    e.setWithArguments(false);
    e.setWithKVPList(true);
    e.setWithMarkers(true);
    e.setWithFormattedMessage(true);
    e.start();
    return e;
  }
}
