package io.costcred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.Specs;
import io.costcred.e2e.support.Tenant;
import io.costcred.e2e.support.TenantWorld;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * (h) Two CostCredentials take tokens from one pool at the same moment (first rotation, then two
 * rounds of simultaneous manual rotations). A watch records every version of both: no token
 * (fingerprint) is ever held by both, each pool token leaves the pool once, and the stores differ.
 */
final class SharedPoolRace {
  private static final int ROUNDS = 2;
  private final IsolationFixture f;
  private final TenantWorld w;
  private final Tenant mallory;

  /** Fingerprints each CostCredential held as current or pending, in any recorded version. */
  private final Map<String, Set<String>> held = new ConcurrentHashMap<>();

  SharedPoolRace(IsolationFixture f, Tenant mallory) {
    this.f = f;
    this.w = f.world;
    this.mallory = mallory;
  }

  void run() {
    List<String> tokens = f.pool("h-pool", 8);
    Map<String, String> byFingerprint =
        tokens.stream().collect(Collectors.toMap(t -> w.fingerprints().ofToken(t), t -> t));
    List<String> names = List.of("h-1", "h-2");
    long started = System.nanoTime();
    try (Watch watch = watch()) {
      createBoth(names);
      for (String n : names) {
        w.awaitCr(w.teamA, n, n + " settled", TenantIsolationIT.SETTLE, TenantIsolationIT::settled);
      }
      for (int round = 1; round <= ROUNDS; round++) {
        long[] before = {w.cr(w.teamA, "h-1").revision(), w.cr(w.teamA, "h-2").revision()};
        rotateBoth(names, "h-round-" + round + "-" + f.id);
        for (int i = 0; i < names.size(); i++) {
          long want = before[i] + 1;
          w.awaitCr(
              w.teamA,
              names.get(i),
              names.get(i) + " rotated again",
              TenantIsolationIT.SETTLE,
              c -> TenantIsolationIT.settled(c) && c.revision() >= want);
        }
      }
    }
    Set<String> shared = new java.util.HashSet<>(held.getOrDefault("h-1", Set.of()));
    shared.retainAll(held.getOrDefault("h-2", Set.of()));
    Cr h1 = w.cr(w.teamA, "h-1");
    Cr h2 = w.cr(w.teamA, "h-2");
    String s1 = w.secretData(w.teamA, "h-1-out").get("token");
    String s2 = w.secretData(w.teamA, "h-2-out").get("token");
    int left = w.secretData(w.teamA, "h-pool").size();
    int used = held.values().stream().mapToInt(Set::size).sum();
    TenantIsolationIT.LOG.info(
        "MEASURED (h) {} rounds in {} s: h-1 held {} tokens, h-2 held {}, shared {}, pool left {}"
            + " of {}, revisions {} / {}",
        ROUNDS + 1,
        (System.nanoTime() - started) / 1_000_000_000L,
        held.getOrDefault("h-1", Set.of()).size(),
        held.getOrDefault("h-2", Set.of()).size(),
        shared.size(),
        left,
        tokens.size(),
        h1.revision(),
        h2.revision());
    TenantIsolationIT.LOG.info(
        "MEASURED (h) start skew of h-1 and h-2 per rotation (operator log, ms): {}", startSkew());
    assertThat(shared).as("tokens held by both CostCredentials").isEmpty();
    assertThat(byFingerprint.keySet()).containsAll(held.getOrDefault("h-1", Set.of()));
    assertThat(byFingerprint.keySet()).containsAll(held.getOrDefault("h-2", Set.of()));
    assertThat(h1.currentFingerprint()).isNotEqualTo(h2.currentFingerprint());
    assertThat(s1).isNotNull().isNotEqualTo(s2);
    assertThat(w.fingerprints().ofToken(s1)).isEqualTo(h1.currentFingerprint());
    assertThat(w.fingerprints().ofToken(s2)).isEqualTo(h2.currentFingerprint());
    assertThat(left).as("pool tokens left").isEqualTo(tokens.size() - used);
  }

  /**
   * How far apart the two rotations of each round started, from the operator's own log lines
   * ({@code <ISO time> [thread] INFO ... rotation started: <ns>/h-1 id=<uid>-r<n> ...}): evidence
   * that the rounds really raced for the pool.
   */
  private Map<String, Long> startSkew() {
    java.util.regex.Pattern started =
        java.util.regex.Pattern.compile(
            "^(\\S+) .*rotation started: " + w.teamA + "/(h-[12]) id=\\S+-(r\\d+) ");
    Map<String, Map<String, Long>> byRound = new java.util.TreeMap<>();
    w.operator()
        .output()
        .lines()
        .map(started::matcher)
        .filter(java.util.regex.Matcher::find)
        .forEach(
            m ->
                byRound
                    .computeIfAbsent(m.group(3), k -> new java.util.HashMap<>())
                    .put(m.group(2), java.time.Instant.parse(m.group(1)).toEpochMilli()));
    Map<String, Long> skew = new java.util.TreeMap<>();
    byRound.forEach(
        (round, t) -> {
          if (t.size() == 2) {
            skew.put(round, Math.abs(t.get("h-1") - t.get("h-2")));
          }
        });
    return skew;
  }

  private Watch watch() {
    return w.admin
        .genericKubernetesResources(TenantWorld.API, "CostCredential")
        .inNamespace(w.teamA)
        .watch(
            new Watcher<GenericKubernetesResource>() {
              @Override
              public void eventReceived(Action action, GenericKubernetesResource r) {
                String name = r.getMetadata().getName();
                if (!name.startsWith("h-")) {
                  return;
                }
                Cr c = Cr.of(r);
                for (String p :
                    List.of(
                        "/status/currentToken/fingerprint", "/status/pendingToken/fingerprint")) {
                  String fp = c.text(p);
                  if (fp != null) {
                    held.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(fp);
                  }
                }
              }

              @Override
              public void onClose(WatcherException cause) {
                // the test closes it
              }
            });
  }

  private void createBoth(List<String> names) {
    parallel(
        names,
        n ->
            f.tenantCr(
                Specs.vantage(
                    w.teamA,
                    n,
                    w.vantage.baseUrl().toString(),
                    "h-pool",
                    List.of(Specs.k8sStore(n + "-out")),
                    null)));
  }

  private void rotateBoth(List<String> names, String value) {
    parallel(
        names,
        n ->
            w.tryMergePatch(
                mallory.client(),
                w.teamA,
                n,
                Map.of("metadata", Map.of("annotations", Map.of("costcred.io/rotate", value))),
                false));
  }

  private static void parallel(List<String> names, java.util.function.Consumer<String> action) {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads =
        names.stream()
            .map(
                n ->
                    new Thread(
                        () -> {
                          try {
                            start.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                          }
                          action.accept(n);
                        }))
            .toList();
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread t : threads) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
