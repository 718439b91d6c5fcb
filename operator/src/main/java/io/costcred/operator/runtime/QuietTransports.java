package io.costcred.operator.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the loggers of the HTTP clients that carry credentials at {@code warn}, whatever log level
 * the operator runs at ({@code logLevel: debug} in the chart). At debug or trace they print request
 * and response bodies and headers: the AWS SDK's Apache HttpClient 5 wire and header logs (Secrets
 * Manager values, session tokens), the SDK's own request and signer logs (canonical requests with
 * security tokens), fabric8's HTTP logging interceptor (Secret bodies at trace), and okhttp and the
 * Vault driver (through java.util.logging). The JDK HTTP client's debug switches (system
 * properties) are cleared. Logback levels are pinned after its configuration was read, so a level
 * set in logback.xml (or a -Dlogback.configurationFile) below warn is raised too. Must run before
 * the operator's first log line and after any logback reconfiguration.
 */
final class QuietTransports {
  /** slf4j logger name prefixes kept at warn (or quieter, if the default level is quieter). */
  static final List<String> SLF4J =
      List.of(
          "org.apache.hc", // Apache HttpClient 5 (AWS SDK apache5-client): .wire, .headers
          "org.apache.http", // Apache HttpClient 4, should it ever be on the classpath
          "software.amazon.awssdk", // .request, .wire, signer canonical requests
          "io.fabric8.kubernetes.client.http", // HttpLoggingInterceptor: bodies at trace
          "okhttp3",
          "io.github.jopenlibs", // the Vault driver
          "io.netty.handler.logging",
          "org.eclipse.jetty.client");

  /** java.util.logging loggers (okhttp, the Vault driver, the JDK HTTP client) kept at warning. */
  static final List<String> JUL =
      List.of("okhttp3", "io.github.jopenlibs", "jdk.internal.httpclient", "jdk.httpclient");

  /** JDK HTTP client switches that print headers and frames to the console when set. */
  static final List<String> JDK_DEBUG_PROPERTIES =
      List.of(
          "jdk.httpclient.HttpClient.log",
          "jdk.internal.httpclient.debug",
          "jdk.internal.httpclient.websocket.debug",
          "jdk.internal.httpclient.hpack.debug");

  private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

  /** Strong references: java.util.logging forgets the level of a logger nobody holds. */
  private static final List<Logger> HELD = new ArrayList<>();

  private QuietTransports() {}

  /** Pins the loggers; an explicit per-logger setting below a pinned name is pinned too. */
  static synchronized void pin() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      Level root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel();
      String level = quieterOf("warn", root == null ? null : root.toString());
      for (String name : SLF4J) {
        context.getLogger(name).setLevel(Level.toLevel(level));
      }
      for (ch.qos.logback.classic.Logger l : context.getLoggerList()) {
        String name = l.getName();
        boolean below = SLF4J.stream().anyMatch(p -> name.startsWith(p + "."));
        if (below && l.getLevel() != null) {
          l.setLevel(Level.toLevel(quieterOf(level, l.getLevel().toString())));
        }
      }
    }
    for (String name : JUL) {
      Logger l = Logger.getLogger(name);
      if (l.getLevel() == null
          || l.getLevel().intValue() < java.util.logging.Level.WARNING.intValue()) {
        l.setLevel(java.util.logging.Level.WARNING);
      }
      HELD.add(l);
    }
    JDK_DEBUG_PROPERTIES.forEach(System::clearProperty);
  }

  /** The quieter of two level names; an unknown name counts as info. */
  static String quieterOf(String a, String b) {
    int ia = rank(a);
    int ib = rank(b);
    if (ia < 0 && "off".equalsIgnoreCase(a) || ib < 0 && "off".equalsIgnoreCase(b)) {
      return "off";
    }
    return LEVELS.get(Math.max(ia < 0 ? 2 : ia, ib < 0 ? 2 : ib));
  }

  private static int rank(String level) {
    return level == null ? -1 : LEVELS.indexOf(level.trim().toLowerCase(Locale.ROOT));
  }
}
