package io.costcred.operator.connection;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.PermanentException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the operator may send a credential: the {@code --egress-allow} list of {@code
 * scheme://host[:port]} patterns. A host may start with {@code *.} (any subdomain, not the domain
 * itself) and a port may be {@code *}; without a port the scheme's default port is meant. Every URL
 * a tenant or an admin writes (provider API, Vault address, AWS endpoint, webhook) is checked
 * before the first request. Messages name only scheme, host and port: a webhook URL's path is
 * itself a secret.
 */
public final class EgressPolicy {
  /** Public SaaS endpoints the operator talks to out of the box. Vault hosts are never default. */
  public static final List<String> DEFAULTS =
      List.of(
          "https://api.vantage.sh",
          "https://*.amazonaws.com",
          "https://hooks.slack.com",
          "https://*.webhook.office.com");

  private final List<Rule> rules;

  private record Rule(String scheme, String host, int port) {
    boolean matches(String s, String h, int p) {
      if (!scheme.equals(s) || (port != ANY_PORT && port != p)) {
        return false;
      }
      if (host.equals("*")) {
        return true;
      }
      return host.startsWith("*.") ? h.endsWith(host.substring(1)) : host.equals(h);
    }

    @Override
    public String toString() {
      return scheme + "://" + host + (port == ANY_PORT ? ":*" : ":" + port);
    }
  }

  private static final int ANY_PORT = -2;

  private EgressPolicy(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Parses the patterns; an unusable pattern is a configuration error of the operator. */
  public static EgressPolicy of(List<String> patterns) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : patterns) {
      String p = raw == null ? "" : raw.trim();
      if (p.isEmpty()) {
        continue;
      }
      rules.add(parse(p));
    }
    return new EgressPolicy(rules);
  }

  private static Rule parse(String p) {
    int sep = p.indexOf("://");
    if (sep <= 0) {
      throw new IllegalArgumentException("egress pattern '" + p + "' must be scheme://host[:port]");
    }
    String scheme = p.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("egress pattern '" + p + "': scheme must be http(s)");
    }
    String rest = p.substring(sep + 3);
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.isEmpty() || rest.contains("/") || rest.contains("@")) {
      throw new IllegalArgumentException("egress pattern '" + p + "' must be scheme://host[:port]");
    }
    String host = rest;
    int port = defaultPort(scheme);
    int colon = rest.lastIndexOf(':');
    if (colon > 0 && !rest.endsWith("]")) {
      host = rest.substring(0, colon);
      String ps = rest.substring(colon + 1);
      port = ps.equals("*") ? ANY_PORT : parsePort(ps, p);
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.isEmpty()
        || (host.contains("*") && !host.equals("*") && !host.startsWith("*."))
        || host.substring(host.startsWith("*.") ? 2 : 0).contains("*")) {
      throw new IllegalArgumentException(
          "egress pattern '" + p + "': '*' may only stand alone or as the first label (*.x.com)");
    }
    return new Rule(scheme, host, port);
  }

  private static int parsePort(String s, String pattern) {
    try {
      int port = Integer.parseInt(s);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("egress pattern '" + pattern + "': bad port " + s);
    }
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /**
   * The URL when it is allowed; otherwise a {@link PermanentException} with reason {@code
   * EgressNotAllowed} that names {@code what} and the URL's scheme, host and port only.
   */
  public URI check(String url, String what) {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url.trim());
    } catch (URISyntaxException e) {
      throw refused(what, "an unparseable URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty() || (!scheme.equals("https") && !scheme.equals("http"))) {
      throw refused(what, "a URL without an http(s) scheme and host");
    }
    if (uri.getRawUserInfo() != null) {
      throw refused(what, scheme + "://" + host + " with user info");
    }
    int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
    for (Rule r : rules) {
      if (r.matches(scheme, host, port)) {
        return uri;
      }
    }
    throw refused(what, scheme + "://" + host + ":" + port);
  }

  private static PermanentException refused(String what, String where) {
    return new PermanentException(
        Reasons.EGRESS_NOT_ALLOWED,
        what
            + " points at "
            + where
            + ", which is not on the operator's egress allow-list (--egress-allow); ask a"
            + " platform admin to add it (https only unless the host is listed with http)");
  }

  @Override
  public String toString() {
    return rules.toString();
  }
}
