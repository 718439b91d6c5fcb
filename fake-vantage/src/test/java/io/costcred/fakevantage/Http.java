package io.costcred.fakevantage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Test helper: real HTTP calls to a fake over loopback. */
final class Http {
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Http() {}

  static HttpResponse<String> get(URI base, String path, String token) {
    return send(base, "GET", path, token, null);
  }

  static HttpResponse<String> get(FakeVantage fake, String path, String token) {
    return get(fake.baseUrl(), path, token);
  }

  static HttpResponse<String> post(URI base, String path, String body) {
    return send(base, "POST", path, null, body);
  }

  static HttpResponse<String> send(
      URI base, String method, String path, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<String> response) {
    return (Map<String, Object>) Json.parse(response.body());
  }

  @SuppressWarnings("unchecked")
  static List<String> errors(HttpResponse<String> response) {
    return (List<String>) json(response).get("errors");
  }

  /** Fails if {@code text} contains {@code secret}, without echoing either into the report. */
  static void assertNoSecret(String text, String secret, String where) {
    if (text != null && text.contains(secret)) {
      throw new AssertionError("a token value appears in " + where);
    }
  }

  static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }
}
