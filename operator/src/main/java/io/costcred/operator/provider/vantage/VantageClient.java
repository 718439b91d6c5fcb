package io.costcred.operator.provider.vantage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.BudgetExhaustedException;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.provider.CallPriority;
import io.costcred.operator.provider.ProviderObserver;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Calls {@code GET /v2/me} and maps the answer to typed results. Never logs the token. */
public final class VantageClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OkHttpClient http;
  private final String baseUrl;
  private final RateBudget budget;
  private final Clock clock;
  private final ProviderObserver observer;

  public VantageClient(
      OkHttpClient http,
      String baseUrl,
      RateBudget budget,
      Clock clock,
      ProviderObserver observer) {
    // A redirect would carry the token to wherever the answer points: none is followed. The
    // operator's shared client already follows none; only another one is rebuilt (this runs once
    // per reconcile).
    this.http =
        http.followRedirects() || http.followSslRedirects()
            ? http.newBuilder().followRedirects(false).followSslRedirects(false).build()
            : http;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.budget = budget;
    this.clock = clock;
    this.observer = observer;
  }

  /** What /v2/me says about a token, or that the token is rejected. */
  public sealed interface MeResult {}

  /** 200: the token works. */
  public record Me(String description, String createdAt, List<String> scopes) implements MeResult {}

  /** 401: the token does not authenticate (unknown or revoked). */
  public record Unauthorized() implements MeResult {}

  /** 403: the token is valid but not allowed to read /v2/me. */
  public record Forbidden() implements MeResult {}

  /**
   * {@code GET /v2/me}, if the account's budget admits a call of this priority; otherwise a {@link
   * BudgetExhaustedException} saying how long to wait, and nothing is sent.
   */
  public MeResult me(SecretValue token, CallPriority priority) {
    Optional<Duration> wait = budget.tryAcquire(priority);
    if (wait.isPresent()) {
      observer.rateLimitWait("vantage", wait.get());
      throw new BudgetExhaustedException(
          "Vantage rate budget: no "
              + priority.name().toLowerCase(java.util.Locale.ROOT)
              + " call admitted for "
              + wait.get().toSeconds()
              + " s ("
              + budget.used()
              + " of "
              + budget.limit()
              + " requests used in the last hour)",
          wait.get());
    }
    Request request =
        new Request.Builder()
            .url(baseUrl + "/v2/me")
            .header("Authorization", "Bearer " + token.reveal())
            .header("Accept", "application/json")
            .get()
            .build();
    long start = System.nanoTime();
    try (Response response = http.newCall(request).execute()) {
      observer.request(
          "vantage", "me", Integer.toString(response.code()), Duration.ofNanos(elapsed(start)));
      observeHeaders(response);
      return map(response);
    } catch (IOException e) {
      observer.request("vantage", "me", "io-error", Duration.ofNanos(elapsed(start)));
      throw new TransientException(
          Reasons.PROVIDER_UNAVAILABLE,
          "Vantage API unreachable: " + e.getClass().getSimpleName(),
          null,
          null);
    }
  }

  private MeResult map(Response response) throws IOException {
    int code = response.code();
    if (code == 200) {
      return parseMe(response.body().string());
    }
    if (code == 401) {
      return new Unauthorized();
    }
    if (code == 403) {
      return new Forbidden();
    }
    if (code == 429) {
      Duration retry = retryAfter(response);
      budget.blockUntil(clock.instant().plus(retry));
      observer.rateLimitWait("vantage", retry);
      throw new TransientException(Reasons.RATE_LIMITED, "Vantage API answered 429", retry, null);
    }
    if (code >= 500 || code == 408) {
      throw new TransientException(
          Reasons.PROVIDER_UNAVAILABLE, "Vantage API answered " + code, null, null);
    }
    if (code >= 300 && code < 400) {
      throw new PermanentException(
          Reasons.PROVIDER_UNAVAILABLE,
          "Vantage API answered a redirect ("
              + code
              + "); the operator follows no redirect with a token: set apiBaseUrl to the final"
              + " address");
    }
    throw new PermanentException(Reasons.PROVIDER_UNAVAILABLE, "Vantage API answered " + code);
  }

  private static Me parseMe(String body) throws IOException {
    JsonNode root = JSON.readTree(body);
    JsonNode bearer = root.path("bearer_token");
    List<String> scopes = new ArrayList<>();
    bearer.path("scope").forEach(s -> scopes.add(s.asText()));
    return new Me(textOrNull(bearer, "description"), textOrNull(bearer, "created_at"), scopes);
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private void observeHeaders(Response response) {
    Integer remaining = intHeader(response, "x-rate-limit-remaining");
    Integer reset = intHeader(response, "x-rate-limit-reset");
    budget.observe(remaining, reset == null ? null : Instant.ofEpochSecond(reset));
  }

  private Duration retryAfter(Response response) {
    Integer seconds = intHeader(response, "Retry-After");
    if (seconds != null) {
      return Duration.ofSeconds(Math.max(1, seconds));
    }
    Integer reset = intHeader(response, "x-rate-limit-reset");
    if (reset != null) {
      Duration d = Duration.between(clock.instant(), Instant.ofEpochSecond(reset));
      return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
    }
    return Duration.ofSeconds(60);
  }

  private static Integer intHeader(Response response, String name) {
    String v = response.header(name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long elapsed(long start) {
    return System.nanoTime() - start;
  }
}
