package io.costcred.bench;

import io.costcred.fakevantage.FakeVantage;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What every phase shares: flags, cluster, fake Vantage, fixtures, probes, the running operator.
 */
final class Ctx implements AutoCloseable {
  final Options options;
  final Cluster cluster;
  final KubernetesClient client;
  final FakeVantage fake;
  final Peers peers;
  final Fixtures fixtures;
  final SystemProbe probe;
  final Path workDir;
  final Map<String, Object> results;
  final List<Fixtures.Group> rotated = new ArrayList<>();
  final List<Path> operatorLogs = new ArrayList<>();
  volatile BenchOperator operator;
  private volatile boolean closed;

  Ctx(
      Options options,
      Cluster cluster,
      FakeVantage fake,
      Peers peers,
      SystemProbe probe,
      Path workDir,
      Map<String, Object> results) {
    this.options = options;
    this.cluster = cluster;
    this.client = cluster.client();
    this.fake = fake;
    this.peers = peers;
    this.fixtures = new Fixtures(client, fake, peers, options.parallel);
    this.probe = probe;
    this.workDir = workDir;
    this.results = results;
  }

  synchronized BenchOperator startOperator(BenchOperator.Spec spec) throws IOException {
    stopOperator();
    if (closed) {
      throw new IllegalStateException("the bench is shutting down");
    }
    // A second operator of the same name gets its own log: every log is scanned for leaks.
    String name = spec.name();
    for (int n = 2; operatorLogs.contains(workDir.resolve("operator-" + name + ".log")); n++) {
      name = spec.name() + "-" + n;
    }
    if (!name.equals(spec.name())) {
      spec =
          new BenchOperator.Spec(
              name,
              spec.hourlyBudget(),
              spec.reconcileThreads(),
              spec.leaderElection(),
              spec.namespaces(),
              spec.jfr());
    }
    operator = BenchOperator.start(options, cluster.kubeconfig(), workDir, spec);
    operatorLogs.add(operator.logFile());
    return operator;
  }

  /** Stops the operator for good: no phase can start another one (shutdown hook). */
  @Override
  public void close() {
    closed = true;
    stopOperator();
  }

  synchronized void stopOperator() {
    BenchOperator op = operator;
    operator = null;
    if (op != null) {
      op.close();
    }
  }

  /** Metric names the bench reads from the operator. */
  static final Predicate<String> OPERATOR_METRICS =
      n ->
          n.startsWith("costcred_rotations_total")
              || n.startsWith("costcred_rate_limit_waits_total")
              || n.startsWith("costcred_provider_request_seconds_count")
              || n.startsWith("costcred_emergency_rotations_total")
              || n.equals("costcred_token_age_seconds")
              || n.startsWith("operator_sdk_reconciliations_")
              || n.equals("jvm_memory_used_bytes")
              || n.equals("process_cpu_time_ns_total");

  /**
   * Starts the fake's fixed hourly window afresh with the given budget, keeping every issued token:
   * as after an hour in which nothing used the account.
   */
  void resetFakeBudget(int budget) {
    fake.resetRateWindow(budget);
  }

  /** Operator, API server and etcd CPU seconds, for deltas. */
  Map<String, Double> cpu() {
    Map<String, Double> m = new LinkedHashMap<>();
    if (operator != null) {
      m.put("operator", operator.cpuSeconds());
    }
    m.putAll(cluster.cpu());
    m.put(
        "bench (this JVM, incl. fake Vantage)",
        SystemProbe.cpuSeconds(ProcessHandle.current().pid()));
    return m;
  }

  static Map<String, Object> cpuDelta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Object> d = new LinkedHashMap<>();
    after.forEach(
        (k, v) -> {
          Double b = before.get(k);
          d.put(k, Stats.round(b == null ? v : v - b, 1));
        });
    return d;
  }

  /** The largest group whose credentials have had their first rotation, or null. */
  Fixtures.Group largestRotated() {
    return rotated.stream().max((a, b) -> a.size() - b.size()).orElse(null);
  }

  /**
   * Creates a group and lets an operator (with the raised setup budget) rotate every credential
   * once; the operator is left running. Returns seconds taken.
   */
  double ensureRotated(Fixtures.Group g, List<String> alsoWatch) throws Exception {
    long t0 = System.nanoTime();
    if (!rotated.contains(g)) {
      Bench.log("setup: " + g.size() + " credentials in group " + g.name());
      fixtures.create(g);
    }
    List<String> ns = new ArrayList<>(g.namespaces());
    ns.addAll(alsoWatch);
    startOperator(
        new BenchOperator.Spec(
            "setup-" + g.name(), options.scaleBudget, options.reconcileThreads, false, ns, false));
    long deadline = System.nanoTime() + setupLimit(g.size()).toNanos();
    int ready;
    while ((ready = fixtures.countReady(g)) < g.size()) {
      if (System.nanoTime() > deadline || !operator.alive()) {
        throw new IllegalStateException(
            "group %s did not become Ready: %d of %d after %.0f s (operator %s)"
                .formatted(
                    g.name(),
                    ready,
                    g.size(),
                    (System.nanoTime() - t0) / 1e9,
                    operator.alive() ? "running" : "exited"));
      }
      // Each poll lists the whole group (~4 KB a credential): every 2 s for 1,000, and less often
      // for larger groups, whose list would otherwise load the API server that is being measured.
      Thread.sleep(Math.max(2000L, 2L * g.size()));
    }
    if (!rotated.contains(g)) {
      rotated.add(g);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * How long a group may take to become Ready: 10 minutes, and 120 ms more for each credential
   * beyond 1,000 (5,000 adoptions with a Deployment each took over 10 minutes on 2 shared cores
   * next to Reloader's 5,000 Deployments).
   */
  static Duration setupLimit(int credentials) {
    return Duration.ofMinutes(10).plusMillis(120L * Math.max(0, credentials - 1000));
  }

  void put(String key, Object value) {
    results.put(key, value);
  }
}
