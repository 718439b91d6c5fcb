package io.costcred.operator.provider.vantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.fakevantage.FakeVantage;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.provider.CallPriority;
import io.costcred.operator.provider.ProviderObserver;
import io.costcred.testsupport.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Vantage client against the fake Vantage API over loopback. */
class VantageClientTest {
  private final FakeVantage fake =
      FakeVantage.builder().bind(new InetSocketAddress("127.0.0.1", 0)).start();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final RateBudgets budgets = new RateBudgets(clock, 1000);
  private final VantageClient client =
      new VantageClient(
          new OkHttpClient(),
          fake.baseUrl().toString(),
          budgets.forNamespace(fake.baseUrl().toString(), "test"),
          clock,
          ProviderObserver.NONE);

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void meMapsTheDocumentedAnswers() {
    String token = fake.issueToken("ci", Set.of("read", "write"));
    var me = (VantageClient.Me) client.me(SecretValue.of(token), CallPriority.ROTATION);
    assertThat(me.description()).isEqualTo("ci");
    assertThat(me.scopes()).containsExactlyInAnyOrder("read", "write");
    assertThat(me.createdAt()).isNotBlank();
    assertThat(client.me(SecretValue.of("vntg_tkn_unknown"), CallPriority.ROTATION))
        .isInstanceOf(VantageClient.Unauthorized.class);
    fake.revoke(token);
    assertThat(client.me(SecretValue.of(token), CallPriority.ROTATION))
        .isInstanceOf(VantageClient.Unauthorized.class);
  }

  @Test
  void serverErrorsAreTransient() {
    String token = fake.issueToken("ci", Set.of("read"));
    fake.failNext(1, 503);
    assertThatThrownBy(() -> client.me(SecretValue.of(token), CallPriority.ROTATION))
        .isInstanceOf(TransientException.class)
        .satisfies(
            e ->
                assertThat(((TransientException) e).reason())
                    .isEqualTo(Reasons.PROVIDER_UNAVAILABLE))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
  }

  @Test
  void rateLimitHonoursRetryAfterAndBlocksTheSharedBudget() {
    String token = fake.issueToken("ci", Set.of("read"));
    fake.rateLimitNext(1, Duration.ofSeconds(7));
    assertThatThrownBy(() -> client.me(SecretValue.of(token), CallPriority.ROTATION))
        .isInstanceOf(TransientException.class)
        .satisfies(
            e -> assertThat(((TransientException) e).retryAfter()).contains(Duration.ofSeconds(7)));
    int before = fake.requestCount();
    assertThatThrownBy(() -> client.me(SecretValue.of(token), CallPriority.ROTATION))
        .isInstanceOf(TransientException.class);
    assertThat(fake.requestCount()).as("held back locally, not sent").isEqualTo(before);
    clock.advance(Duration.ofSeconds(8));
    assertThat(client.me(SecretValue.of(token), CallPriority.ROTATION))
        .isInstanceOf(VantageClient.Me.class);
  }

  @Test
  void sharedBudgetNeverExceedsTheHourlyLimit() {
    RateBudget budget = new RateBudget(clock, 5);
    int granted = 0;
    for (int i = 0; i < 20; i++) {
      if (budget.tryAcquire(CallPriority.EMERGENCY).isEmpty()) {
        granted++;
      }
    }
    assertThat(granted).isEqualTo(5);
    clock.advance(Duration.ofMinutes(61));
    assertThat(budget.tryAcquire(CallPriority.EMERGENCY)).isEmpty();
  }

  /** Rule 6: a redirect never carries the token to another address. */
  @Test
  void aRedirectIsRefusedAndTheTokenGoesNowhereElse() throws Exception {
    java.util.concurrent.atomic.AtomicInteger captured =
        new java.util.concurrent.atomic.AtomicInteger();
    var capture =
        com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    capture.createContext(
        "/",
        ex -> {
          captured.incrementAndGet();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    capture.start();
    var redirector =
        com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    redirector.createContext(
        "/",
        ex -> {
          ex.getResponseHeaders()
              .add("Location", "http://127.0.0.1:" + capture.getAddress().getPort() + "/v2/me");
          ex.sendResponseHeaders(307, -1);
          ex.close();
        });
    redirector.start();
    try {
      String base = "http://127.0.0.1:" + redirector.getAddress().getPort();
      VantageClient c =
          new VantageClient(
              new OkHttpClient(),
              base,
              budgets.forNamespace(base, "team-a"),
              clock,
              ProviderObserver.NONE);
      assertThatThrownBy(() -> c.me(SecretValue.of("vntg_tkn_redirected"), CallPriority.ROTATION))
          .hasMessageContaining("redirect (307)")
          .hasMessageNotContaining("vntg_tkn_redirected");
      assertThat(captured.get()).isZero();
    } finally {
      redirector.stop(0);
      capture.stop(0);
    }
  }
}
