package io.costcred.operator.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the loggers of the HTTP clients that carry credentials at {@code warn}, whatever log level
 * the operator runs at ({@code logLevel: debug} in the chart). At debug or trace they print request
 * and response bodies and headers: the AWS SDK's Apache HttpClient 5 wire and header logs (Secrets
 * Manager values, session tokens), the SDK's own request and signer logs (canonical requests with
 * security tokens), fabric8's HTTP logging interceptor (Secret bodies at trace), and okhttp and the
 * Vault driver (through java.util.logging). The JDK HTTP client's debug switches (system
 * properties) are cleared. Must run before the first slf4j logger is created, because slf4j-simple
 * reads a logger's level when it creates it.
 */
final class QuietTransports {
  static final String SIMPLE_LOGGER = "org.slf4j.simpleLogger.";

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
    String level = quieterOf("warn", System.getProperty(SIMPLE_LOGGER + "defaultLogLevel"));
    for (String name : SLF4J) {
      System.setProperty(SIMPLE_LOGGER + "log." + name, level);
    }
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith(SIMPLE_LOGGER + "log.")) {
        String logger = key.substring((SIMPLE_LOGGER + "log.").length());
        if (SLF4J.stream().anyMatch(p -> logger.equals(p) || logger.startsWith(p + "."))) {
          System.setProperty(key, quieterOf(level, System.getProperty(key)));
        }
      }
    }
    for (String name : JUL) {
      Logger l = Logger.getLogger(name);
      if (l.getLevel() == null || l.getLevel().intValue() < Level.WARNING.intValue()) {
        l.setLevel(Level.WARNING);
      }
      HELD.add(l);
    }
    JDK_DEBUG_PROPERTIES.forEach(System::clearProperty);
  }

  /** The quieter of two slf4j-simple level names; an unknown name counts as info. */
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
