package io.costcred.fakevantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.testsupport.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
  private static final long RESET = START.plus(Duration.ofHours(1)).getEpochSecond();

  private final MutableClock clock = new MutableClock(START);
  private FakeVantage fake;
  private String token;

  @BeforeEach
  void start() {
    fake = FakeVantage.builder().clock(clock).hourlyBudget(3).start();
    token = fake.issueToken("ci", Set.of("read"));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void everyResponseCarriesTheRateLimitHeaders() {
    for (int expectedRemaining = 2; expectedRemaining >= 0; expectedRemaining--) {
      HttpResponse<String> ok = Http.get(fake, "/v2/me", token);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertHeaders(ok, 3, expectedRemaining, RESET);
    }
    HttpResponse<String> unauthorized = Http.get(fake, "/v2/me", null);
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    assertHeaders(unauthorized, 3, 0, RESET);
  }

  @Test
  void answers429WithRetryAfterOnceTheBudgetIsSpent() {
    for (int i = 0; i < 3; i++) {
      assertThat(Http.get(fake, "/v2/me", token).statusCode()).isEqualTo(200);
    }
    clock.advance(Duration.ofMinutes(10));

    HttpResponse<String> limited = Http.get(fake, "/v2/me", token);

    assertThat(limited.statusCode()).isEqualTo(429);
    assertHeaders(limited, 3, 0, RESET);
    assertThat(Http.header(limited, "Retry-After")).isEqualTo("3000");
    assertThat(Http.errors(limited)).singleElement().asString().contains("Rate limit");
    assertThat(fake.requestCount(token)).isEqualTo(4);
  }

  @Test
  void unauthenticatedCallsDoNotSpendTheBudget() {
    for (int i = 0; i < 5; i++) {
      assertThat(Http.get(fake, "/v2/me", "vntg_tkn_" + "1".repeat(40)).statusCode())
          .isEqualTo(401);
    }
    assertThat(Http.get(fake, "/v2/ping", null).statusCode()).isEqualTo(200);

    assertHeaders(Http.get(fake, "/v2/me", token), 3, 2, RESET);
  }

  @Test
  void windowResetsWhenTheClockPassesTheResetTime() {
    for (int i = 0; i < 3; i++) {
      Http.get(fake, "/v2/me", token);
    }
    assertThat(Http.get(fake, "/v2/me", token).statusCode()).isEqualTo(429);

    clock.set(Instant.ofEpochSecond(RESET).minusSeconds(1));
    assertThat(Http.get(fake, "/v2/me", token).statusCode()).isEqualTo(429);

    clock.set(Instant.ofEpochSecond(RESET));
    HttpResponse<String> fresh = Http.get(fake, "/v2/me", token);

    assertThat(fresh.statusCode()).isEqualTo(200);
    assertHeaders(fresh, 3, 2, RESET + 3600);
  }

  @Test
  void raisingTheBudgetMidWindowLetsRequestsThrough() {
    for (int i = 0; i < 3; i++) {
      Http.get(fake, "/v2/me", token);
    }
    assertThat(Http.get(fake, "/v2/me", token).statusCode()).isEqualTo(429);

    fake.setHourlyBudget(5);
    HttpResponse<String> response = Http.get(fake, "/v2/me", token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertHeaders(response, 5, 1, RESET);
    assertThat(fake.hourlyBudget()).isEqualTo(5);
  }

  @Test
  void resetRateWindowRefillsTheBudgetAndKeepsIssuedTokens() {
    for (int i = 0; i < 3; i++) {
      Http.get(fake, "/v2/me", token);
    }
    assertThat(Http.get(fake, "/v2/me", token).statusCode()).isEqualTo(429);
    int before = fake.requestCount(token);
    clock.advance(Duration.ofMinutes(10));

    fake.resetRateWindow(5);
    HttpResponse<String> fresh = Http.get(fake, "/v2/me", token);

    assertThat(fresh.statusCode()).isEqualTo(200); // the token is still known and valid
    long newReset = START.plus(Duration.ofMinutes(70)).getEpochSecond();
    assertHeaders(fresh, 5, 4, newReset); // a new window opened by the first request after it
    assertThat(fake.hourlyBudget()).isEqualTo(5);
    assertThat(fake.requestCount(token)).isEqualTo(before + 1);
    assertThat(fake.isRevoked(token)).isFalse();
  }

  @Test
  void resetRateWindowRejectsANonPositiveBudget() {
    assertThatThrownBy(() -> fake.resetRateWindow(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultBudgetIsOneThousandPerHour() {
    try (FakeVantage defaults = FakeVantage.builder().clock(clock).start()) {
      String t = defaults.issueToken("ci", Set.of("read"));
      assertHeaders(Http.get(defaults, "/v2/me", t), 1000, 999, RESET);
    }
  }

  private static void assertHeaders(
      HttpResponse<String> response, int limit, int remaining, long reset) {
    assertThat(Http.header(response, "x-rate-limit-limit")).isEqualTo(Integer.toString(limit));
    assertThat(Http.header(response, "x-rate-limit-remaining"))
        .isEqualTo(Integer.toString(remaining));
    assertThat(Http.header(response, "x-rate-limit-reset")).isEqualTo(Long.toString(reset));
  }
}
