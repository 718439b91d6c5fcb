package io.costcred.fakevantage;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves the fake Vantage API under {@code /v2}: auth, rate limits, injected faults, then routes.
 *
 * <p>Order of checks per request: queued delay, bearer lookup (counted per token), queued fault,
 * 401, hourly budget (429), route (404/405), scope (403). Every response carries the three
 * rate-limit headers.
 */
final class ApiHandler implements HttpHandler {
  static final String WORKSPACE_TOKEN = "wrkspc_fake0000000000001";
  static final String WORKSPACE_NAME = "Fake Workspace";

  private final TokenRegistry tokens;
  private final RateLimiter limiter;
  private final FaultInjector faults;
  private final AtomicInteger requests;

  ApiHandler(
      TokenRegistry tokens, RateLimiter limiter, FaultInjector faults, AtomicInteger requests) {
    this.tokens = tokens;
    this.limiter = limiter;
    this.faults = faults;
    this.requests = requests;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
    } catch (RuntimeException e) {
      // Never include the exception message: it could in theory carry request data.
      rateLimitHeaders(exchange, limiter.peek());
      Responses.sendError(exchange, 500, Responses.reason(500));
    }
  }

  private void serve(HttpExchange exchange) throws IOException, InterruptedException {
    requests.incrementAndGet();
    Duration delay = faults.takeDelay();
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis());
    }
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    boolean ping = path.equals("/v2/ping");
    // Authenticate before injecting faults so per-token counts include calls that were failed.
    IssuedToken token = ping ? null : authenticate(exchange.getRequestHeaders());
    FaultInjector.Fault fault = faults.takeFault();
    if (fault != null) {
      sendFault(exchange, fault);
      return;
    }
    if (ping) {
      // Health check: needs no token and does not use the account's budget.
      rateLimitHeaders(exchange, limiter.peek());
      if (isGet(method)) {
        Responses.send(exchange, 200, Map.of("status", "ok"));
      } else {
        notAllowed(exchange);
      }
      return;
    }
    if (token == null) {
      rateLimitHeaders(exchange, limiter.peek());
      Responses.sendError(exchange, 401, Responses.reason(401));
      return;
    }
    RateLimiter.Snapshot budget = limiter.acquire();
    rateLimitHeaders(exchange, budget);
    if (!budget.allowed()) {
      long retry = budget.retryAfterSeconds();
      exchange.getResponseHeaders().set("Retry-After", Long.toString(retry));
      Responses.sendError(exchange, 429, "Rate limit exceeded. Retry after " + retry + " seconds.");
      return;
    }
    route(exchange, path, method, token);
  }

  private void route(HttpExchange exchange, String path, String method, IssuedToken token)
      throws IOException {
    if (!path.equals("/v2/me") && !path.equals("/v2/me/")) {
      Responses.sendError(exchange, 404, "Route not found.");
    } else if (!isGet(method)) {
      notAllowed(exchange);
    } else if (!token.hasScope("read")) {
      Responses.sendError(exchange, 403, "This token lacks the required scope: read.");
    } else {
      Responses.send(exchange, 200, me(token));
    }
  }

  private static Map<String, Object> me(IssuedToken token) {
    Map<String, Object> workspace = new LinkedHashMap<>();
    workspace.put("token", WORKSPACE_TOKEN);
    workspace.put("name", WORKSPACE_NAME);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("default_workspace_token", WORKSPACE_TOKEN);
    body.put("workspaces", List.of(workspace));
    body.put("bearer_token", token.toBearerJson());
    return body;
  }

  /**
   * The live token named by the Authorization header, or null (counting the attempt either way).
   */
  private IssuedToken authenticate(Headers headers) {
    String header = headers.getFirst("Authorization");
    if (header == null) {
      return null;
    }
    String value = header.strip();
    if (value.length() <= 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    IssuedToken token = tokens.find(value.substring(7).strip());
    if (token == null) {
      return null;
    }
    if (token.isRevoked()) {
      token.countRejected();
      return null;
    }
    token.countRequest();
    return token;
  }

  private void sendFault(HttpExchange exchange, FaultInjector.Fault fault) throws IOException {
    if (fault.status() != 429) {
      rateLimitHeaders(exchange, limiter.peek());
      Responses.sendError(exchange, fault.status(), Responses.reason(fault.status()));
      return;
    }
    // A forced 429 looks like a spent budget that refills after the announced delay.
    RateLimiter.Snapshot now = limiter.peek();
    long retry = fault.retryAfter().toSeconds();
    rateLimitHeaders(
        exchange, new RateLimiter.Snapshot(false, now.limit(), 0, now.now() + retry, now.now()));
    exchange.getResponseHeaders().set("Retry-After", Long.toString(retry));
    Responses.sendError(exchange, 429, "Rate limit exceeded. Retry after " + retry + " seconds.");
  }

  private static void notAllowed(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Allow", "GET");
    Responses.sendError(exchange, 405, Responses.reason(405));
  }

  private static boolean isGet(String method) {
    return "GET".equals(method) || "HEAD".equals(method);
  }

  private static void rateLimitHeaders(HttpExchange exchange, RateLimiter.Snapshot s) {
    Headers h = exchange.getResponseHeaders();
    h.set("x-rate-limit-limit", Integer.toString(s.limit()));
    h.set("x-rate-limit-remaining", Integer.toString(s.remaining()));
    h.set("x-rate-limit-reset", Long.toString(s.resetEpochSecond()));
  }
}
