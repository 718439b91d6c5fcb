package io.costcred.fakevantage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 50;

  private FakeVantage fake;
  private ExecutorService pool;

  @BeforeEach
  void start() {
    fake = FakeVantage.builder().start();
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    fake.close();
  }

  @Test
  void countsEveryConcurrentRequestExactly() throws Exception {
    String a = fake.issueToken("a", Set.of("read"));
    String b = fake.issueToken("b", Set.of("read"));

    Map<Integer, AtomicInteger> statuses = hammer(i -> i % 2 == 0 ? a : b);

    assertThat(statuses.keySet()).containsExactly(200);
    assertThat(fake.requestCount()).isEqualTo(THREADS * PER_THREAD);
    assertThat(fake.requestCount(a)).isEqualTo(THREADS / 2 * PER_THREAD);
    assertThat(fake.requestCount(b)).isEqualTo(THREADS / 2 * PER_THREAD);
  }

  @Test
  void budgetIsEnforcedExactlyUnderContention() throws Exception {
    fake.setHourlyBudget(300);
    String token = fake.issueToken("ci", Set.of("read"));

    Map<Integer, AtomicInteger> statuses = hammer(i -> token);

    assertThat(statuses.get(200)).hasValue(300);
    assertThat(statuses.get(429)).hasValue(THREADS * PER_THREAD - 300);
    assertThat(fake.requestCount(token)).isEqualTo(THREADS * PER_THREAD);
  }

  @Test
  void issuingAndRevokingConcurrentlyIsSafe() throws Exception {
    List<Future<String>> issued = new ArrayList<>();
    for (int i = 0; i < THREADS * 10; i++) {
      int n = i;
      issued.add(
          pool.submit(
              () -> {
                String t = fake.issueToken("t" + n, Set.of("read"));
                fake.revoke(t);
                return t;
              }));
    }
    Set<String> values = ConcurrentHashMap.newKeySet();
    for (Future<String> f : issued) {
      String t = f.get();
      values.add(t);
      assertThat(fake.isRevoked(t)).isTrue();
    }
    assertThat(values).hasSize(THREADS * 10);
  }

  /** Runs THREADS x PER_THREAD GETs of /v2/me released together; returns status counts. */
  private Map<Integer, AtomicInteger> hammer(java.util.function.IntFunction<String> tokenFor)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String token = tokenFor.apply(t);
      workers.add(
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < PER_THREAD; i++) {
                  int status = Http.get(fake, "/v2/me", token).statusCode();
                  statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> w : workers) {
      w.get();
    }
    return statuses;
  }
}
