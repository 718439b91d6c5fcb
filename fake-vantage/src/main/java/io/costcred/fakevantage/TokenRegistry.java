package io.costcred.fakevantage;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tokens an admin has created "in the console", keyed by secret value.
 *
 * <p>Nothing here ever formats a token value into a string other than the one returned to the
 * caller who issued it.
 */
final class TokenRegistry {
  static final String DEFAULT_PREFIX = "vntg_tkn_";
  private static final String ID_PREFIX = "accss_crdntl_";
  private static final List<String> KNOWN_SCOPES = List.of("read", "write");
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{0,64}");

  private final SecureRandom random = new SecureRandom();
  // Insertion-ordered so stats list tokens oldest first; guarded by this.
  private final Map<String, IssuedToken> byValue = new LinkedHashMap<>();
  private final Clock clock;

  TokenRegistry(Clock clock) {
    this.clock = clock;
  }

  /** A newly issued token: the secret value (returned once) and its record. */
  record Issued(String value, IssuedToken token) {
    @Override
    public String toString() {
      return "Issued[" + token + "]";
    }
  }

  synchronized Issued issue(String prefix, String description, Set<String> scopes) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("token prefix must match " + PREFIX.pattern());
    }
    if (scopes == null) {
      throw new IllegalArgumentException("scopes must not be null");
    }
    for (String scope : scopes) {
      if (!KNOWN_SCOPES.contains(scope)) {
        throw new IllegalArgumentException("unknown scope; allowed scopes are read and write");
      }
    }
    // Keep Vantage's canonical order so JSON output is deterministic.
    List<String> ordered = new ArrayList<>();
    for (String known : KNOWN_SCOPES) {
      if (scopes.contains(known)) {
        ordered.add(known);
      }
    }
    Instant createdAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    IssuedToken token = new IssuedToken(ID_PREFIX + hex(8), description, createdAt, ordered);
    while (true) {
      String value = prefix + hex(20);
      if (byValue.putIfAbsent(value, token) == null) {
        return new Issued(value, token);
      }
    }
  }

  /** Looks up a token by value; null when unknown. Revoked tokens are returned too. */
  synchronized IssuedToken find(String value) {
    return value == null ? null : byValue.get(value);
  }

  synchronized List<IssuedToken> all() {
    return List.copyOf(byValue.values());
  }

  synchronized void clear() {
    byValue.clear();
  }

  private String hex(int bytes) {
    byte[] buf = new byte[bytes];
    random.nextBytes(buf);
    return HexFormat.of().formatHex(buf);
  }
}
