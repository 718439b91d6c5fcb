package io.costcred.operator.provider.vantage;

import io.costcred.operator.api.v1alpha1.TokenFormat;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.provider.PoolEntryTakenException;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two (or more) CostCredentials rotating concurrently on one pool Secret, as the engine does it: a
 * fresh {@link TokenPool} per attempt, scan, take the first usable token; on {@link
 * PoolEntryTakenException} look again. Every round starts together (a barrier) so that the takers
 * really race for the same key.
 */
final class PoolContention {
  /** Who got which token, and how often a take lost a race. */
  record Outcome(Map<String, List<String>> tokensByTaker, int lostRaces, int tokens) {
    List<String> all() {
      List<String> out = new ArrayList<>();
      tokensByTaker.values().forEach(out::addAll);
      return out;
    }

    int duplicates() {
      List<String> all = all();
      return all.size() - new HashSet<>(all).size();
    }
  }

  private PoolContention() {}

  static Map<String, String> b64(Map<String, String> plain) {
    Map<String, String> out = new HashMap<>();
    plain.forEach(
        (k, v) ->
            out.put(
                k,
                java.util.Base64.getEncoder()
                    .encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    return out;
  }

  static Outcome run(KubernetesClient client, String namespace, int tokens, int takers)
      throws Exception {
    String pool = "shared-pool";
    Map<String, String> data = new HashMap<>();
    for (int i = 0; i < tokens; i++) {
      data.put(String.format("t%03d", i), "vntg_tkn_contended" + i);
    }
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(pool)
                .withNamespace(namespace)
                .endMetadata()
                .withData(b64(data))
                .build())
        .create();
    Fingerprinter fingerprints = new Fingerprinter(new byte[32]);
    Map<String, List<String>> got = new ConcurrentHashMap<>();
    AtomicInteger lost = new AtomicInteger();
    CyclicBarrier round = new CyclicBarrier(takers);
    ExecutorService pool2 = Executors.newFixedThreadPool(takers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < takers; t++) {
        String taker = "cc" + t;
        got.put(taker, new ArrayList<>());
        done.add(
            pool2.submit(
                () -> {
                  Set<String> used = new HashSet<>();
                  for (int rotation = 1; ; rotation++) {
                    round.await(30, TimeUnit.SECONDS);
                    String took =
                        rotate(client, namespace, pool, fingerprints, used, taker, rotation, lost);
                    if (took == null) {
                      round.reset(); // the pool is empty: let the others finish too
                      return null;
                    }
                    got.get(taker).add(took);
                  }
                }));
      }
      for (Future<?> f : done) {
        try {
          f.get(5, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof java.util.concurrent.BrokenBarrierException)) {
            throw e;
          }
        }
      }
    } finally {
      pool2.shutdownNow();
    }
    return new Outcome(got, lost.get(), tokens);
  }

  /** One rotation's take; the token value, or null when the pool is empty. */
  private static String rotate(
      KubernetesClient client,
      String namespace,
      String name,
      Fingerprinter fingerprints,
      Set<String> used,
      String taker,
      int rotation,
      AtomicInteger lost) {
    while (true) {
      TokenPool pool =
          new TokenPool(
              client, namespace, name, List.of(TokenFormat.VantageApiToken), fingerprints, used);
      TokenPool.Scan scan = pool.scan();
      if (scan.usable().isEmpty()) {
        return null;
      }
      TokenPool.Entry e = scan.usable().get(0);
      try {
        pool.take(e.key(), e.token(), taker + "-r" + rotation);
        used.add(fingerprints.of(io.costcred.operator.core.Credential.token(e.token())));
        return e.token().reveal();
      } catch (PoolEntryTakenException lostRace) {
        lost.incrementAndGet();
      }
    }
  }
}
