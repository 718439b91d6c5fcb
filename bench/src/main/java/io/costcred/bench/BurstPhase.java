package io.costcred.bench;

import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Burst: N manual rotations requested at the same moment, with Vantage's default budget of 1,000
 * requests per hour (--burst-budget) in both the fake and the operator. Does the operator pace
 * itself (no 429), and how long until every rotation completed?
 */
final class BurstPhase {
  static final String ROTATE = "costcred.io/rotate";
  private final Ctx ctx;

  BurstPhase(Ctx ctx) {
    this.ctx = ctx;
  }

  Map<String, Object> run() throws Exception {
    int n = ctx.options.burst;
    Fixtures.Group g =
        ctx.rotated.stream()
            .filter(x -> x.size() == n && x.deployments() == 0)
            .findFirst()
            .orElse(null);
    if (g == null) {
      g = new Fixtures.Group("burst", n, 1, 0, 3, false);
      ctx.ensureRotated(g, List.of());
    }
    ctx.stopOperator();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rotations", n);
    out.put("hourlyBudget", ctx.options.burstBudget);
    ctx.resetFakeBudget(ctx.options.burstBudget);
    BenchOperator op =
        ctx.startOperator(
            new BenchOperator.Spec(
                "burst",
                ctx.options.burstBudget,
                ctx.options.reconcileThreads,
                false,
                g.namespaces(),
                ctx.options.jfr));
    IdlePhase.waitReconciled(op, n);
    Bench.log(
        "burst: " + n + " rotations requested at once, budget " + ctx.options.burstBudget + "/h");
    var window = ctx.probe.window();
    PromText m0 = op.metrics(Ctx.OPERATOR_METRICS);
    int fake0 = ctx.fake.requestCount();
    var api0 = ctx.cluster.requestCountsByVerb();
    var cpu0 = ctx.cpu();
    String value = "burst-" + Long.toString(System.currentTimeMillis(), 36);
    long t0 = System.nanoTime();
    double annotated = annotateAll(g, value);
    List<List<Double>> series = new ArrayList<>();
    double allDoneAt = follow(op, m0, t0, n, series);
    double done = series.isEmpty() ? 0 : series.get(series.size() - 1).get(1);
    PromText m1 = op.metrics(Ctx.OPERATOR_METRICS);
    out.put("annotateSeconds", Stats.round(annotated, 2));
    out.put("completed", (long) done);
    out.put("secondsToAllCompleted", Stats.round(allDoneAt, 1));
    out.put("completionSeconds", quantiles(series, n));
    out.put("vantageCalls", ctx.fake.requestCount() - fake0);
    out.put("http429", delta(m0, m1, "costcred_provider_request_seconds_count", "outcome", "429"));
    out.put("providerRequests", delta(m0, m1, "costcred_provider_request_seconds_count"));
    out.put("rateLimitWaits", delta(m0, m1, "costcred_rate_limit_waits_total"));
    out.put(
        "failedAttempts",
        delta(m0, m1, "costcred_rotations_total", "outcome", RotationOutcome.Failed.name()));
    var api = Cluster.delta(api0, ctx.cluster.requestCountsByVerb());
    out.put("apiRequestsPerRotation", perRotation(api, Math.max(1, done)));
    out.put("states", states(g, value));
    out.put("cpuSeconds", Ctx.cpuDelta(cpu0, ctx.cpu()));
    out.put("load", window.summary());
    out.put("series", series);
    out.put("memory", op.memory());
    if (op.jfrFile() != null) {
      ctx.stopOperator();
      out.put("profile", JfrSummary.summarise(op.jfrFile()));
    }
    return out;
  }

  /** Polls the operator until every rotation completed, progress stopped, or the timeout. */
  private double follow(BenchOperator op, PromText m0, long t0, int n, List<List<Double>> series)
      throws InterruptedException {
    double done = 0;
    double lastProgressAt = 0;
    double previous = -1;
    while (true) {
      Thread.sleep(1000);
      double t = (System.nanoTime() - t0) / 1e9;
      PromText m = op.metrics(Ctx.OPERATOR_METRICS);
      if (m != null) {
        done =
            delta(
                m0,
                m,
                "costcred_rotations_total",
                "trigger",
                RotationTrigger.Manual.name(),
                "outcome",
                RotationOutcome.Succeeded.name());
        series.add(
            List.of(
                Stats.round(t, 1),
                done,
                Stats.mib(SystemProbe.rssBytes(op.pid())),
                SystemProbe.loadAverage()[0]));
      }
      if (done > previous) {
        previous = done;
        lastProgressAt = t;
      }
      if (done >= n) {
        return t;
      }
      boolean stalled = t - lastProgressAt > 30 && t > 60;
      if (stalled || t > ctx.options.burstTimeoutSeconds || !op.alive()) {
        return Double.NaN;
      }
    }
  }

  private double annotateAll(Fixtures.Group g, String value) throws Exception {
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(ctx.options.parallel);
    List<Future<?>> fs = new ArrayList<>();
    for (int i = 0; i < g.size(); i++) {
      String ns = g.namespaceOf(i);
      String name = Fixtures.Group.credential(i);
      fs.add(pool.submit(() -> ctx.fixtures.annotate(ns, name, Map.of(ROTATE, value))));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Where each credential stands at the end: done, or why not. */
  private Map<String, Object> states(Fixtures.Group g, String value) {
    Map<String, Integer> counts = new TreeMap<>();
    ctx.fixtures.forEach(
        g,
        r -> {
          Object handled = Fixtures.path(r, "status", "handledRotateRequest");
          Object rotation = Fixtures.path(r, "status", "rotation");
          Object failure = Fixtures.path(r, "status", "lastFailure", "reason");
          String key;
          if (value.equals(handled) && rotation == null) {
            key = "completed";
          } else if (rotation != null) {
            String reason = failure == null ? "" : String.valueOf(failure);
            key =
                "in progress, phase "
                    + Fixtures.path(r, "status", "rotation", "phase")
                    + (reason.isEmpty() ? "" : ", waiting: " + reason)
                    + rotatingReason(r);
          } else {
            key = "not started" + (failure == null ? "" : ", " + failure);
          }
          counts.merge(key, 1, Integer::sum);
        });
    return new LinkedHashMap<>(counts);
  }

  /** ", WaitingForRateBudget" when the Rotating condition says the rotation waits for budget. */
  private static String rotatingReason(
      io.fabric8.kubernetes.api.model.GenericKubernetesResource cr) {
    Object conditions = Fixtures.path(cr, "status", "conditions");
    if (conditions instanceof List<?> list) {
      for (Object c : list) {
        if (c instanceof Map<?, ?> m
            && "Rotating".equals(m.get("type"))
            && "WaitingForRateBudget".equals(m.get("reason"))) {
          return ", " + WAITING;
        }
      }
    }
    return "";
  }

  static final String WAITING = "WaitingForRateBudget";

  private static Map<String, Object> quantiles(List<List<Double>> series, int n) {
    Map<String, Object> q = new LinkedHashMap<>();
    for (double f : new double[] {0.5, 0.9, 0.99, 1.0}) {
      double at = Double.NaN;
      for (List<Double> row : series) {
        if (row.get(1) >= Math.ceil(f * n)) {
          at = row.get(0);
          break;
        }
      }
      q.put("p" + (int) Math.round(f * 100), at);
    }
    return q;
  }

  private static double delta(PromText a, PromText b, String name, String... labels) {
    if (a == null || b == null) {
      return Double.NaN;
    }
    return b.sum(name, labels) - a.sum(name, labels);
  }

  private static Map<String, Object> perRotation(Map<String, Double> delta, double n) {
    Map<String, Object> out = new LinkedHashMap<>();
    double total = 0;
    double writes = 0;
    for (var e : delta.entrySet()) {
      double per = e.getValue() / n;
      total += per;
      String verb = e.getKey().substring(0, e.getKey().indexOf(' '));
      if (!List.of("GET", "LIST", "WATCH", "CONNECT").contains(verb)) {
        writes += per;
      }
      if (per >= 0.05) {
        out.put(e.getKey(), Stats.round(per, 2));
      }
    }
    out.put("total", Stats.round(total, 2));
    out.put("writes", Stats.round(writes, 2));
    return out;
  }
}
