package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthServerTest {

  /** A registry whose exposition is several MB, as at thousands of credentials. */
  private static PrometheusMeterRegistry large() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    for (int i = 0; i < 20_000; i++) {
      Gauge.builder("costcred_test_token_age_seconds", () -> 12.5)
          .tag("namespace", "team-" + i % 50)
          .tag("name", "credential-with-a-realistic-name-" + i)
          .register(registry);
    }
    return registry;
  }

  @Test
  void metricsAreStreamedChunkedAndEqualTheScrape() throws Exception {
    PrometheusMeterRegistry registry = large();
    String expected = registry.scrape();
    assertThat(expected.length()).isGreaterThan(2_000_000);
    try (HealthServer server =
        new HealthServer(new InetSocketAddress("127.0.0.1", 0), () -> true, () -> true, registry)) {
      HttpClient http = HttpClient.newHttpClient();
      for (int round = 0; round < 2; round++) { // the second one on the kept-alive connection
        HttpResponse<String> r =
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Transfer-Encoding")).contains("chunked");
        assertThat(r.headers().firstValue("Content-Length")).isEmpty();
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(r.body()).isEqualTo(expected);
      }
    }
  }

  @Test
  void boundedStreamSplitsEveryWriteAndKeepsTheBytes() throws Exception {
    AtomicInteger largest = new AtomicInteger();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream recording =
        new OutputStream() {
          @Override
          public void write(int b) {
            largest.accumulateAndGet(1, Math::max);
            sink.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            largest.accumulateAndGet(len, Math::max);
            sink.write(b, off, len);
          }
        };
    byte[] body = new byte[5 * HealthServer.CHUNK + 123];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    try (OutputStream out = HealthServer.bounded(recording)) {
      out.write(body, 0, 7);
      out.write(body, 7, body.length - 7);
    }
    assertThat(sink.toByteArray()).isEqualTo(body);
    assertThat(largest.get()).isLessThanOrEqualTo(HealthServer.CHUNK);
  }

  @Test
  void healthEndpointsAnswerAsBefore() throws Exception {
    try (HealthServer server =
        new HealthServer(
            new InetSocketAddress("127.0.0.1", 0),
            () -> true,
            () -> false,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<byte[]> live = get(http, server.port(), "/healthz");
      HttpResponse<byte[]> ready = get(http, server.port(), "/readyz");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(new String(live.body(), StandardCharsets.UTF_8)).isEqualTo("ok\n");
      assertThat(ready.statusCode()).isEqualTo(503);
    }
  }

  private static HttpResponse<byte[]> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
