package io.costcred.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.costcred.testsupport.LeakScan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender against a real HTTP server on 127.0.0.1 (the JDK's): retries with backoff, honours
 * Retry-After, gives up after its attempts and on timeouts, drops when full, and never logs the
 * URL.
 */
class SenderTest {
  private static final String PATH = "/services/T000/B000/sEcReTpAtH";
  private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
  private final NotifyStats stats = new NotifyStats();
  private volatile Responder responder = ex -> reply(ex, 200, null);
  private HttpServer server;
  private Sender sender;

  @FunctionalInterface
  interface Responder {
    void respond(HttpExchange ex) throws IOException;
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          arrivals.add(System.nanoTime());
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          responder.respond(ex);
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    if (sender != null) {
      sender.close();
    }
    server.stop(0);
  }

  private static void reply(HttpExchange ex, int code, String retryAfter) throws IOException {
    if (retryAfter != null) {
      ex.getResponseHeaders().add("Retry-After", retryAfter);
    }
    ex.sendResponseHeaders(code, -1);
    ex.close();
  }

  private WebhookUrl url() {
    return new WebhookUrl("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  private Sender sender(int capacity, int attempts, Duration readTimeout) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .readTimeout(readTimeout)
            .callTimeout(readTimeout.multipliedBy(2))
            .followRedirects(false)
            .build();
    return new Sender(
        http,
        new Sender.Settings(
            capacity,
            attempts,
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2)),
        stats);
  }

  private void awaitIdle() {
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sender.pending() == 0);
  }

  @Test
  void a500IsRetriedWithGrowingBackoffThenGivenUp() throws Exception {
    responder = ex -> reply(ex, 500, null);
    sender = sender(10, 3, Duration.ofSeconds(2));
    assertThat(sender.submit("route t", url(), "{\"text\":\"x\"}")).isTrue();
    awaitIdle();
    List<Long> t = List.copyOf(arrivals);
    assertThat(t).hasSize(3);
    assertThat(Duration.ofNanos(t.get(1) - t.get(0)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(190));
    assertThat(Duration.ofNanos(t.get(2) - t.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(390));
    assertThat(stats.failed()).isOne();
    assertThat(stats.retried()).isEqualTo(2);
    assertThat(stats.sent()).isZero();
    LeakScan.assertNoSecrets("log", LeakScan.log(), List.of(PATH, "sEcReTpAtH"));
  }

  @Test
  void a500ThenSuccessSendsOnce() {
    var calls = new java.util.concurrent.atomic.AtomicInteger();
    responder = ex -> reply(ex, calls.incrementAndGet() == 1 ? 503 : 200, null);
    sender = sender(10, 4, Duration.ofSeconds(2));
    sender.submit("route t", url(), "{}");
    awaitIdle();
    assertThat(arrivals).hasSize(2);
    assertThat(stats.sent()).isOne();
    assertThat(stats.failed()).isZero();
  }

  @Test
  void a429WaitsForRetryAfter() {
    var calls = new java.util.concurrent.atomic.AtomicInteger();
    responder = ex -> reply(ex, calls.incrementAndGet() == 1 ? 429 : 200, "1");
    sender = sender(10, 4, Duration.ofSeconds(2));
    sender.submit("route t", url(), "{}");
    awaitIdle();
    List<Long> t = List.copyOf(arrivals);
    assertThat(t).hasSize(2);
    assertThat(Duration.ofNanos(t.get(1) - t.get(0)))
        .as("Retry-After: 1, not the 200 ms backoff")
        .isGreaterThanOrEqualTo(Duration.ofMillis(990));
    assertThat(stats.sent()).isOne();
    assertThat(sender.retryAfter("3600")).as("bounded").isEqualTo(Duration.ofSeconds(2));
    assertThat(sender.retryAfter("soon")).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void aClientErrorIsNotRetried() {
    responder = ex -> reply(ex, 404, null);
    sender = sender(10, 4, Duration.ofSeconds(2));
    sender.submit("route t", url(), "{}");
    awaitIdle();
    assertThat(arrivals).hasSize(1);
    assertThat(stats.failed()).isOne();
  }

  @Test
  void aServerThatNeverAnswersTimesOutAndIsRetriedBoundedly() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    responder =
        ex -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        };
    sender = sender(10, 2, Duration.ofMillis(300));
    long start = System.nanoTime();
    sender.submit("route t", url(), "{}");
    awaitIdle();
    release.countDown();
    assertThat(arrivals).hasSize(2);
    assertThat(stats.failed()).isOne();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    LeakScan.assertNoSecrets("log", LeakScan.log(), List.of(PATH, "sEcReTpAtH"));
  }

  @Test
  void aFullQueueDropsAndCounts() {
    CountDownLatch release = new CountDownLatch(1);
    responder =
        ex -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reply(ex, 200, null);
        };
    sender = sender(2, 1, Duration.ofSeconds(5));
    assertThat(sender.submit("route t", url(), "{\"n\":1}")).isTrue();
    assertThat(sender.submit("route t", url(), "{\"n\":2}")).isTrue();
    assertThat(sender.submit("route t", url(), "{\"n\":3}")).isFalse();
    assertThat(sender.submit("route t", url(), "{\"n\":4}")).isFalse();
    release.countDown();
    awaitIdle();
    assertThat(stats.dropped()).isEqualTo(2);
    assertThat(stats.sent()).isEqualTo(2);
    assertThat(bodies).containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}");
  }
}
