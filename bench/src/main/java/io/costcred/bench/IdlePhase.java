package io.costcred.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle cost at steady state: API server writes per minute (operator running minus a baseline with
 * it stopped, by verb and resource) and Vantage calls per hour.
 */
final class IdlePhase {
  private static final int SETTLE_SECONDS = 20;
  private final Ctx ctx;

  IdlePhase(Ctx ctx) {
    this.ctx = ctx;
  }

  Map<String, Object> run(List<String> alsoWatch) throws Exception {
    Fixtures.Group g = ctx.largestRotated();
    if (g == null) {
      g = ScalePhase.group(1000, false);
      ctx.ensureRotated(g, List.of());
    }
    ctx.stopOperator();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("credentials", g.size());
    Bench.log(
        "idle: baseline writes with the operator stopped (" + ctx.options.baselineSeconds + " s)");
    var b0 = ctx.cluster.writeCounts();
    long tb = System.nanoTime();
    Thread.sleep(ctx.options.baselineSeconds * 1000L);
    var baseline = Cluster.delta(b0, ctx.cluster.writeCounts());
    double baselineMinutes = (System.nanoTime() - tb) / 60e9;

    List<String> ns = new ArrayList<>(g.namespaces());
    ns.addAll(alsoWatch);
    BenchOperator op =
        ctx.startOperator(
            new BenchOperator.Spec(
                "idle", ctx.options.scaleBudget, ctx.options.reconcileThreads, true, ns, false));
    waitReconciled(op, g.size());
    Thread.sleep(SETTLE_SECONDS * 1000L);
    Bench.log(
        "idle: measuring for " + ctx.options.idleSeconds + " s with " + g.size() + " credentials");
    var window = ctx.probe.window();
    var w0 = ctx.cluster.writeCounts();
    var reads0 = ctx.cluster.requestCountsByVerb();
    int fake0 = ctx.fake.requestCount();
    var cpu0 = ctx.cpu();
    PromText m0 = op.metrics(Ctx.OPERATOR_METRICS);
    long t0 = System.nanoTime();
    Thread.sleep(ctx.options.idleSeconds * 1000L);
    double minutes = (System.nanoTime() - t0) / 60e9;
    var writes = Cluster.delta(w0, ctx.cluster.writeCounts());
    var all = Cluster.delta(reads0, ctx.cluster.requestCountsByVerb());
    int calls = ctx.fake.requestCount() - fake0;
    PromText m1 = op.metrics(Ctx.OPERATOR_METRICS);

    out.putAll(attribute(writes, minutes, baseline, baselineMinutes));
    out.put("measuredMinutes", Stats.round(minutes, 2));
    out.put("credentialObjectWrites", credentialWrites(writes));
    out.put("readsPerMinuteOnOperatorResources", reads(all, minutes));
    double perHour = calls / minutes * 60;
    out.put("vantageCallsInWindow", calls);
    out.put("vantageCallsPerHour", Stats.round(perHour, 0));
    out.put("expectedVantageCallsPerHour", g.size()); // reverifyInterval 1h, one call each
    out.put(
        "operatorProviderRequestsInWindow",
        m0 == null || m1 == null
            ? -1
            : m1.sum("costcred_provider_request_seconds_count")
                - m0.sum("costcred_provider_request_seconds_count"));
    out.put(
        "reconcilesPerMinute",
        m0 == null || m1 == null
            ? -1
            : Stats.round(
                (ScalePhase.Tracker.reconciled(m1) - ScalePhase.Tracker.reconciled(m0)) / minutes,
                1));
    var cpu = Ctx.cpuDelta(cpu0, ctx.cpu());
    out.put("cpuSeconds", cpu);
    out.put(
        "operatorCpuPercentOfOneCore",
        Stats.round(100 * ((Number) cpu.get("operator")).doubleValue() / (minutes * 60), 2));
    out.put("memory", op.memory());
    out.put("hourlyBudget", ctx.options.scaleBudget);
    out.put("leaderElection", true);
    out.put("load", window.summary());
    return out;
  }

  /** Write rates with the operator running, minus the rates with it stopped. */
  private static Map<String, Object> attribute(
      Map<String, Double> writes,
      double minutes,
      Map<String, Double> baseline,
      double baselineMinutes) {
    Map<String, Object> perMinute = new LinkedHashMap<>();
    Map<String, Object> baselinePerMinute = new LinkedHashMap<>();
    Map<String, Object> operatorPerMinute = new LinkedHashMap<>();
    double operatorTotal = 0;
    double operatorLeases = 0;
    var keys = new java.util.TreeSet<>(writes.keySet());
    keys.addAll(baseline.keySet());
    for (String k : keys) {
      double rate = writes.getOrDefault(k, 0.0) / minutes;
      double base = baseline.getOrDefault(k, 0.0) / baselineMinutes;
      perMinute.put(k, Stats.round(rate, 2));
      baselinePerMinute.put(k, Stats.round(base, 2));
      double own = Math.max(0, rate - base);
      if (own >= 0.5) {
        operatorPerMinute.put(k, Stats.round(own, 1));
        if (k.contains("leases")) {
          operatorLeases += own;
        } else {
          operatorTotal += own;
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("operatorWritesPerMinuteExcludingLease", Stats.round(operatorTotal, 1));
    out.put("operatorLeaseWritesPerMinute", Stats.round(operatorLeases, 1));
    out.put("operatorWritesPerMinuteByResource", operatorPerMinute);
    out.put("apiserverWritesPerMinuteAll", perMinute);
    out.put("apiserverWritesPerMinuteBaseline", baselinePerMinute);
    return out;
  }

  static void waitReconciled(BenchOperator op, int n) throws InterruptedException {
    while (op.secondsSinceStart() < 600) {
      PromText m = op.metrics(Ctx.OPERATOR_METRICS);
      if (m != null
          && ScalePhase.Tracker.withToken(m) >= n
          && m.sum("operator_sdk_reconciliations_queue_size_costcredential") == 0
          && m.sum("operator_sdk_reconciliations_executions_costcredential") == 0) {
        return;
      }
      if (!op.alive()) {
        throw new IllegalStateException("operator exited");
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("operator did not reconcile " + n + " credentials in time");
  }

  private static Map<String, Object> credentialWrites(Map<String, Double> writes) {
    Map<String, Object> out = new LinkedHashMap<>();
    writes.forEach(
        (k, v) -> {
          if (k.contains("costcredentials")
              || k.contains(" secrets")
              || k.contains(" events")
              || k.contains("deployments")) {
            out.put(k, v.longValue());
          }
        });
    return out;
  }

  private static Map<String, Object> reads(Map<String, Double> all, double minutes) {
    Map<String, Object> out = new LinkedHashMap<>();
    all.forEach(
        (k, v) -> {
          if ((k.startsWith("GET ") || k.startsWith("LIST "))
              && (k.contains("secrets") || k.contains("costcredentials"))) {
            out.put(k, Stats.round(v / minutes, 1));
          }
        });
    return out;
  }
}
