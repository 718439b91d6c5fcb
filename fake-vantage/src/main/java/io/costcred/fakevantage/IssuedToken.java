package io.costcred.fakevantage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fake knows about one issued token: its public id and metadata, never its value.
 *
 * <p>The secret value is only a key in {@link TokenRegistry}'s map, so printing or logging one of
 * these objects cannot leak it.
 */
final class IssuedToken {
  private final String id;
  private final String description;
  private final Instant createdAt;
  private final List<String> scopes;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();
  private volatile boolean revoked;

  IssuedToken(String id, String description, Instant createdAt, List<String> scopes) {
    this.id = id;
    this.description = description;
    this.createdAt = createdAt;
    this.scopes = List.copyOf(scopes);
  }

  String id() {
    return id;
  }

  String description() {
    return description;
  }

  Instant createdAt() {
    return createdAt;
  }

  List<String> scopes() {
    return scopes;
  }

  boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  boolean isRevoked() {
    return revoked;
  }

  void revoke() {
    revoked = true;
  }

  /** Counts an authenticated call made with this token. */
  void countRequest() {
    requests.incrementAndGet();
  }

  /** Counts a call that presented this token after it was revoked (answered 401). */
  void countRejected() {
    rejected.incrementAndGet();
  }

  int requests() {
    return requests.get();
  }

  int rejected() {
    return rejected.get();
  }

  /** The JSON shape of {@code bearer_token} in {@code GET /v2/me}. */
  Map<String, Object> toBearerJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("token", id);
    json.put("description", description);
    json.put("created_at", createdAt.toString());
    json.put("scope", scopes);
    return json;
  }

  @Override
  public String toString() {
    return "IssuedToken[id=" + id + ", scopes=" + scopes + ", revoked=" + revoked + "]";
  }
}
