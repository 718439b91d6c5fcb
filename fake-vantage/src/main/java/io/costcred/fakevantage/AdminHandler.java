package io.costcred.fakevantage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo-only admin surface under {@code /__admin/}: stands in for the Vantage web console, where
 * admins create and revoke tokens. Not part of the Vantage API.
 */
final class AdminHandler implements HttpHandler {
  private final FakeVantage fake;

  AdminHandler(FakeVantage fake) {
    this.fake = fake;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    try {
      switch (path) {
        case "/__admin/tokens" -> post(exchange, method, this::createToken);
        case "/__admin/revoke" -> post(exchange, method, this::revoke);
        case "/__admin/stats" -> stats(exchange, method);
        default -> Responses.sendError(exchange, 404, "Route not found.");
      }
    } catch (IllegalArgumentException e) {
      // Our own validation messages never contain request data (see Json, TokenRegistry).
      Responses.sendError(exchange, 400, e.getMessage());
    } catch (RuntimeException e) {
      Responses.sendError(exchange, 500, Responses.reason(500));
    }
  }

  private interface JsonAction {
    void run(HttpExchange exchange, Map<String, Object> body) throws IOException;
  }

  private static void post(HttpExchange exchange, String method, JsonAction action)
      throws IOException {
    if (!"POST".equals(method)) {
      exchange.getResponseHeaders().set("Allow", "POST");
      Responses.sendError(exchange, 405, Responses.reason(405));
      return;
    }
    String text = Responses.readBody(exchange);
    if (text == null) {
      Responses.sendError(exchange, 413, "request body too large");
      return;
    }
    Object parsed = Json.parse(text.isBlank() ? "{}" : text);
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("request body must be a JSON object");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    map.forEach((k, v) -> body.put(String.valueOf(k), v));
    action.run(exchange, body);
  }

  private void createToken(HttpExchange exchange, Map<String, Object> body) throws IOException {
    String description = optionalString(body, "description", "");
    String prefix = optionalString(body, "prefix", TokenRegistry.DEFAULT_PREFIX);
    Object rawScopes = body.getOrDefault("scopes", List.of("read"));
    if (!(rawScopes instanceof List<?> list)) {
      throw new IllegalArgumentException("scopes must be an array of strings");
    }
    Set<String> scopes = new LinkedHashSet<>();
    for (Object scope : list) {
      if (!(scope instanceof String s)) {
        throw new IllegalArgumentException("scopes must be an array of strings");
      }
      scopes.add(s);
    }
    TokenRegistry.Issued issued = fake.issue(prefix, description, scopes);
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("token", issued.value());
    reply.put("id", issued.token().id());
    Responses.send(exchange, 201, reply);
  }

  private void revoke(HttpExchange exchange, Map<String, Object> body) throws IOException {
    Object value = body.get("token");
    if (!(value instanceof String token)) {
      throw new IllegalArgumentException("token must be a string");
    }
    IssuedToken revoked = fake.revokeIfKnown(token);
    if (revoked == null) {
      Responses.sendError(exchange, 404, "unknown token");
      return;
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("id", revoked.id());
    reply.put("revoked", true);
    Responses.send(exchange, 200, reply);
  }

  private void stats(HttpExchange exchange, String method) throws IOException {
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      exchange.getResponseHeaders().set("Allow", "GET");
      Responses.sendError(exchange, 405, Responses.reason(405));
      return;
    }
    List<Map<String, Object>> perToken = new ArrayList<>();
    int live = 0;
    int authenticated = 0;
    for (IssuedToken t : fake.tokens()) {
      live += t.isRevoked() ? 0 : 1;
      authenticated += t.requests();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", t.id());
      row.put("description", t.description());
      row.put("scope", t.scopes());
      row.put("created_at", t.createdAt().toString());
      row.put("revoked", t.isRevoked());
      row.put("requests", t.requests());
      row.put("rejected_requests", t.rejected());
      perToken.add(row);
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("requests", fake.requestCount());
    reply.put("authenticated_requests", authenticated);
    reply.put("live_tokens", live);
    reply.put("revoked_tokens", perToken.size() - live);
    reply.put("hourly_budget", fake.hourlyBudget());
    reply.put("tokens", perToken);
    Responses.send(exchange, 200, reply);
  }

  private static String optionalString(Map<String, Object> body, String key, String fallback) {
    Object value = body.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException(key + " must be a string");
    }
    return s;
  }
}
