package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.operator.core.LogContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;
import picocli.CommandLine;

/** --log-format: text by default; json lines carry the reconcile's MDC fields. */
class LoggingTest {
  @Test
  void textIsTheDefaultFormatAndJsonIsChosenByFlag() throws Exception {
    OperatorSettings defaults = new OperatorSettings();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.logFormat).isEqualTo(LogFormat.TEXT);
    OperatorSettings json = new OperatorSettings();
    new CommandLine(json).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--log-format=JSON");
    assertThat(json.logFormat).isEqualTo(LogFormat.JSON);

    // The shipped logback.xml writes text at info; json swaps the encoder of its appender.
    LoggerContext context = shipped();
    var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(appender(context).getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
    Logging.use(LogFormat.TEXT, context);
    assertThat(appender(context).getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
    Logging.use(LogFormat.JSON, context);
    assertThat(appender(context).getEncoder()).isInstanceOf(JsonEncoder.class);
    context.stop();
  }

  @Test
  void aJsonLineCarriesTimestampLevelLoggerMessageAndTheReconcileFields() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter()); // the adapter LogContext writes to
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(new PatternLayoutEncoder());
    appender.setOutputStream(out);
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    Logging.use(LogFormat.JSON, context);

    Logger log = context.getLogger("io.costcred.operator.rotation.RotationEngine");
    try (LogContext ignored = LogContext.resource("CostCredential", "finops", "vantage")) {
      LogContext.rotation("3f1c-r7", "Emergency", "INC-4712 token\nin CI log");
      log.warn("step {} failed", "Publishing");
    }
    log.info("after the reconcile");
    context.stop();

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertThat(line.path("timestamp").asLong()).isPositive();
    assertThat(line.path("level").asText()).isEqualTo("WARN");
    assertThat(line.path("loggerName").asText())
        .isEqualTo("io.costcred.operator.rotation.RotationEngine");
    assertThat(line.path("formattedMessage").asText()).isEqualTo("step Publishing failed");
    JsonNode mdc = line.path("mdc");
    assertThat(mdc.path("namespace").asText()).isEqualTo("finops");
    assertThat(mdc.path("name").asText()).isEqualTo("vantage");
    assertThat(mdc.path("kind").asText()).isEqualTo("CostCredential");
    assertThat(mdc.path("rotation_id").asText()).isEqualTo("3f1c-r7");
    assertThat(mdc.path("trigger").asText()).isEqualTo("Emergency");
    assertThat(mdc.path("reason").asText()).isEqualTo("INC-4712 token in CI log");
    assertThat(mdc.path("reconcile_id").asText()).matches("[0-9a-f]{16}");
    // Closed in a finally: the next line carries none of them.
    JsonNode after = new ObjectMapper().readTree(lines.get(1));
    assertThat(after.path("formattedMessage").asText()).isEqualTo("after the reconcile");
    assertThat(after.path("mdc").path("namespace").isMissingNode()).isTrue();
    assertThat(MDC.get(LogContext.ROTATION_ID)).isNull();
  }

  @Test
  void eachReconcileGetsItsOwnId() {
    String first;
    try (LogContext ignored = LogContext.resource("CostCredential", "a", "b")) {
      first = MDC.get(LogContext.RECONCILE_ID);
    }
    try (LogContext ignored = LogContext.resource("CostCredential", "a", "b")) {
      assertThat(MDC.get(LogContext.RECONCILE_ID)).isNotEqualTo(first);
    }
    assertThat(MDC.get(LogContext.RECONCILE_ID)).isNull();
  }

  private static LoggerContext shipped() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LoggingTest.class.getResource("/logback.xml"));
    return context;
  }

  @SuppressWarnings("unchecked")
  private static OutputStreamAppender<ILoggingEvent> appender(LoggerContext context) {
    return (OutputStreamAppender<ILoggingEvent>)
        context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
  }
}
