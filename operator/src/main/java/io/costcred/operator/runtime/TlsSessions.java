package io.costcred.operator.runtime;

/**
 * Caps the TLS sessions each client context remembers.
 *
 * <p>The JDK keeps every TLS session a client context negotiates, for 24 hours, up to 20,480 per
 * context: with TLS 1.3 each new connection adds one (a session ticket under a new id), about 540
 * bytes of heap each (measured: 1,001 sessions and +541 KB after 1,000 watch connections to the
 * local API server). The operator's informers open a new watch connection every 5 to 10 minutes
 * each (fabric8's watch timeout), so a replica watching many namespaces would hold thousands of
 * sessions it never resumes: only the newest one per host and port is ever offered again. The cap
 * applies to every context created after it is set (the Kubernetes client's, Vault's, AWS's,
 * Vantage's); a value given on the command line ({@code -Djavax.net.ssl.sessionCacheSize=N}) wins.
 */
final class TlsSessions {
  static final String PROPERTY = "javax.net.ssl.sessionCacheSize";

  /** Sessions per context: far more hosts than the operator talks to. */
  static final int CAP = 128;

  private TlsSessions() {}

  /**
   * Sets the cap unless the JVM was given a value; returns the value in effect, as text (the JDK
   * reads it, and ignores one that is not a number).
   */
  static String cap() {
    String given = System.getProperty(PROPERTY);
    if (given != null && !given.isBlank()) {
      return given;
    }
    System.setProperty(PROPERTY, Integer.toString(CAP));
    return Integer.toString(CAP);
  }
}
