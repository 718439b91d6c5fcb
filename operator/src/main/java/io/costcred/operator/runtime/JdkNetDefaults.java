package io.costcred.operator.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JDK networking sizes the operator sets before it opens its first connection, each unless the JVM
 * was given a value ({@code -Dname=value} wins). The JDK reads each when it creates a TLS context
 * or a WebSocket, so they apply to every client created afterwards.
 *
 * <ul>
 *   <li>{@code javax.net.ssl.sessionCacheSize}: the JDK keeps every TLS session a client context
 *       negotiates, for 24 hours, up to 20,480 per context: with TLS 1.3 each new connection adds
 *       one, about 540 bytes of heap each (measured: 1,001 sessions and +541 KB after 1,000 watch
 *       connections to the local API server). The informers open a new watch connection every 5 to
 *       10 minutes each, and only the newest session per host and port is ever offered again.
 *   <li>{@code jdk.httpclient.websocket.writeBufferSize} and {@code
 *       jdk.httpclient.websocket.intermediateBufferSize}: every WebSocket of the JDK's client
 *       allocates both, 16 KiB each, when it opens. The operator's WebSockets are its watches
 *       (fabric8's default), one per watched namespace and kind, and a watch writes nothing but
 *       control frames (a close frame, pongs; fabric8's JDK client sends no pings, D57); a larger
 *       message is still sent, in 1 KiB pieces. Measured: 31 KB less heap per watch connection (55
 *       watches of the local API server: +3.23 MB instead of +4.93 MB).
 * </ul>
 */
final class JdkNetDefaults {
  static final String TLS_SESSIONS = "javax.net.ssl.sessionCacheSize";
  static final String WEBSOCKET_WRITE = "jdk.httpclient.websocket.writeBufferSize";
  static final String WEBSOCKET_INTERMEDIATE = "jdk.httpclient.websocket.intermediateBufferSize";

  /** Sessions per TLS context: far more hosts than the operator talks to. */
  static final int TLS_SESSIONS_CAP = 128;

  /** Bytes of each WebSocket buffer. */
  static final int WEBSOCKET_BUFFER = 1024;

  private static final List<Map.Entry<String, Integer>> DEFAULTS =
      List.of(
          Map.entry(TLS_SESSIONS, TLS_SESSIONS_CAP),
          Map.entry(WEBSOCKET_WRITE, WEBSOCKET_BUFFER),
          Map.entry(WEBSOCKET_INTERMEDIATE, WEBSOCKET_BUFFER));

  private JdkNetDefaults() {}

  /**
   * Sets each default the JVM was not given; returns every property with the value in effect, as
   * text (the JDK ignores one that is not a number, and keeps its own default).
   */
  static Map<String, String> apply() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> d : DEFAULTS) {
      String given = System.getProperty(d.getKey());
      if (given == null || given.isBlank()) {
        given = Integer.toString(d.getValue());
        System.setProperty(d.getKey(), given);
      }
      out.put(d.getKey(), given);
    }
    return out;
  }
}
