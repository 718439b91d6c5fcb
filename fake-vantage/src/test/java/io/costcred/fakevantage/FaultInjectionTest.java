package io.costcred.fakevantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
  private FakeVantage fake;
  private String token;

  @BeforeEach
  void start() {
    fake = FakeVantage.builder().start();
    token = fake.issueToken("ci", Set.of("read"));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void failNextAnswersTheNextRequestsWithTheStatus() {
    fake.failNext(2, 503);

    HttpResponse<String> first = Http.get(fake, "/v2/me", token);
    HttpResponse<String> second = Http.get(fake, "/v2/me", token);
    HttpResponse<String> third = Http.get(fake, "/v2/me", token);

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(Http.errors(first)).containsExactly("Service Unavailable");
    assertThat(Http.header(first, "x-rate-limit-remaining")).isNotNull();
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(fake.requestCount(token)).isEqualTo(3);
  }

  @Test
  void failuresApplyEvenBeforeAuthentication() {
    fake.failNext(1, 500);

    HttpResponse<String> response = Http.get(fake, "/v2/me", null);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(Http.errors(response)).containsExactly("Internal Server Error");
  }

  @Test
  void rateLimitNextForces429RegardlessOfBudget() {
    fake.rateLimitNext(1);

    HttpResponse<String> limited = Http.get(fake, "/v2/me", token);
    HttpResponse<String> after = Http.get(fake, "/v2/me", token);

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(Http.header(limited, "Retry-After")).isEqualTo("1");
    assertThat(Http.header(limited, "x-rate-limit-remaining")).isEqualTo("0");
    assertThat(Http.header(limited, "x-rate-limit-limit")).isEqualTo("1000");
    assertThat(Http.header(limited, "x-rate-limit-reset")).isNotNull();
    assertThat(Http.errors(limited)).isNotEmpty();
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(Http.header(after, "x-rate-limit-remaining")).isEqualTo("999");
  }

  @Test
  void rateLimitNextCanAnnounceALongerRetryAfter() {
    fake.rateLimitNext(1, Duration.ofSeconds(30));

    HttpResponse<String> limited = Http.get(fake, "/v2/me", token);
    long reset = Long.parseLong(Http.header(limited, "x-rate-limit-reset"));

    assertThat(Http.header(limited, "Retry-After")).isEqualTo("30");
    assertThat(reset)
        .isBetween(System.currentTimeMillis() / 1000 + 28, System.currentTimeMillis() / 1000 + 31);
  }

  @Test
  void faultsRunInTheOrderQueued() {
    fake.failNext(1, 500);
    fake.rateLimitNext(1);

    assertThat(Http.get(fake, "/v2/me", token).statusCode()).isEqualTo(500);
    assertThat(Http.get(fake, "/v2/me", token).statusCode()).isEqualTo(429);
    assertThat(Http.get(fake, "/v2/me", token).statusCode()).isEqualTo(200);
  }

  @Test
  void delayNextHoldsTheResponse() {
    fake.delayNext(1, Duration.ofMillis(400));

    long started = System.nanoTime();
    HttpResponse<String> delayed = Http.get(fake, "/v2/me", token);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(delayed.statusCode()).isEqualTo(200);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  @Test
  void aDelayedRequestDoesNotHoldUpOthers() throws Exception {
    fake.delayNext(1, Duration.ofMillis(1500));
    CompletableFuture<HttpResponse<String>> slow =
        CompletableFuture.supplyAsync(() -> Http.get(fake, "/v2/me", token));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (fake.requestCount() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    HttpResponse<String> fast = Http.get(fake, "/v2/me", token);

    assertThat(fast.statusCode()).isEqualTo(200);
    assertThat(slow).isNotDone();
    assertThat(slow.get().statusCode()).isEqualTo(200);
  }

  @Test
  void resetClearsQueuedFaults() {
    fake.failNext(5, 503);
    fake.rateLimitNext(5);
    fake.delayNext(5, Duration.ofSeconds(10));

    fake.reset();
    String fresh = fake.issueToken("after reset", Set.of("read"));

    assertThat(Http.get(fake, "/v2/me", fresh).statusCode()).isEqualTo(200);
  }

  @Test
  void rejectsNonsenseFaults() {
    assertThatThrownBy(() -> fake.failNext(1, 200)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fake.failNext(-1, 500)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fake.delayNext(1, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
