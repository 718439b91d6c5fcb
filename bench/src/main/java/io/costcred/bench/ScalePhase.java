package io.costcred.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scale: N credentials created before the operator starts. Cold = every credential needs its first
 * rotation; restart = the same credentials after an operator restart (the realistic case).
 */
final class ScalePhase {
  private static final int SETTLE_SECONDS = 15;
  static final int HISTOGRAM_TOP = 25;
  private final Ctx ctx;

  ScalePhase(Ctx ctx) {
    this.ctx = ctx;
  }

  static Fixtures.Group group(int size, boolean adopt) {
    String name = size % 1000 == 0 ? "s" + size / 1000 + "k" : "s" + size;
    return new Fixtures.Group(name, size, 1, 0, 3, adopt);
  }

  Map<String, Object> run(int size, boolean profile) throws Exception {
    Fixtures.Group g = group(size, size > ctx.options.coldRotationMax);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("credentials", size);
    out.put("namespaces", g.namespaces().size());
    Bench.log("scale " + size + ": creating " + size + " credentials (pool + store Secret each)");
    var createWindow = ctx.probe.window();
    double created = ctx.fixtures.create(g);
    out.put(
        "create",
        Map.of(
            "seconds", Stats.round(created, 1),
            "objectsPerSecond", Stats.round(3 * size / created, 0),
            "load", createWindow.summary()));
    out.put("cold", cold(g, profile));
    ctx.rotated.add(g);
    out.put("restart", restart(g));
    ctx.stopOperator();
    return out;
  }

  private Map<String, Object> cold(Fixtures.Group g, boolean profile) throws Exception {
    Bench.log(
        "scale "
            + g.size()
            + ": cold start, "
            + (g.adopt()
                ? "each store holds a working token to adopt"
                : "every credential needs its first rotation"));
    var window = ctx.probe.window();
    var api0 = ctx.cluster.requestCountsByVerb();
    var cpu0 = ctx.cpu();
    int fake0 = ctx.fake.requestCount();
    BenchOperator op =
        ctx.startOperator(
            new BenchOperator.Spec(
                "cold-" + g.name(),
                ctx.options.scaleBudget,
                ctx.options.reconcileThreads,
                false,
                g.namespaces(),
                profile && ctx.options.jfr));
    Tracker t = new Tracker(op);
    double limit = Math.max(300, g.size() * (g.adopt() ? 0.1 : 0.3));
    double readyAt = Double.NaN;
    while (op.secondsSinceStart() < limit) {
      PromText m = t.sample();
      double done = m == null ? 0 : Tracker.withToken(m);
      t.last("credentialsWithToken", done);
      if (done >= g.size() && ctx.fixtures.countReady(g) >= g.size()) {
        readyAt = op.secondsSinceStart();
        break;
      }
      if (!op.alive()) {
        throw new IllegalStateException("operator exited; see " + ctx.workDir);
      }
      Thread.sleep(g.size() >= 5000 ? 5000 : 1000); // a scrape of 10k credentials costs
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "mode",
        g.adopt()
            ? "adopt: each store Secret already holds a working token"
            : "first rotation of every credential");
    out.put("secondsToAllReady", Stats.round(readyAt, 1));
    out.put("metricsScrapeMs", t.scrapeMillis());
    out.put("readyzSeconds", t.readyzAt());
    out.put("ready", ctx.fixtures.countReady(g));
    out.put("hourlyBudget", ctx.options.scaleBudget);
    var api = Cluster.delta(api0, ctx.cluster.requestCountsByVerb());
    out.put("apiRequestsPerCredential", perCredential(api, g.size(), false));
    out.put("apiWritesPerCredential", perCredential(api, g.size(), true));
    if (!g.adopt()) {
      Map<String, Object> perRotation = WriteMix.perRotation(api, g.size());
      out.put("writesPerFirstRotation", perRotation);
      Bench.log("scale " + g.size() + ": API writes per first rotation " + perRotation);
    }
    out.put("vantageCalls", ctx.fake.requestCount() - fake0);
    out.put("cpuSeconds", Ctx.cpuDelta(cpu0, ctx.cpu()));
    out.put("load", window.summary());
    out.put("series", t.series());
    out.put("memory", steady(op, g.size()));
    if (op.jfrFile() != null) {
      ctx.stopOperator(); // dumps the recording
      out.put("profile", JfrSummary.summarise(op.jfrFile()));
    }
    return out;
  }

  private Map<String, Object> restart(Fixtures.Group g) throws Exception {
    Bench.log("scale " + g.size() + ": restart, " + g.size() + " existing credentials");
    ctx.stopOperator();
    var window = ctx.probe.window();
    var api0 = ctx.cluster.requestCountsByVerb();
    int fake0 = ctx.fake.requestCount();
    var cpu0 = ctx.cpu();
    BenchOperator op =
        ctx.startOperator(
            new BenchOperator.Spec(
                "restart-" + g.name(),
                ctx.options.scaleBudget,
                ctx.options.reconcileThreads,
                false,
                g.namespaces(),
                false));
    Tracker t = new Tracker(op);
    double reconciledAt = Double.NaN;
    while (op.secondsSinceStart() < 300) {
      PromText m = t.sample();
      if (m != null) {
        double ok = Tracker.withToken(m);
        t.last("reconciled", ok);
        double queued = m.sum("operator_sdk_reconciliations_queue_size_costcredential");
        double running = m.sum("operator_sdk_reconciliations_executions_costcredential");
        if (ok >= g.size() && queued == 0 && running == 0) {
          reconciledAt = op.secondsSinceStart();
          break;
        }
      }
      Thread.sleep(g.size() >= 5000 ? 1000 : 500);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("secondsToAllReconciled", Stats.round(reconciledAt, 1));
    out.put("metricsScrapeMs", t.scrapeMillis());
    out.put("readyzSeconds", t.readyzAt());
    out.put("ready", ctx.fixtures.countReady(g));
    var api = Cluster.delta(api0, ctx.cluster.requestCountsByVerb());
    out.put("apiWrites", writes(api));
    out.put("vantageCalls", ctx.fake.requestCount() - fake0);
    out.put("cpuSeconds", Ctx.cpuDelta(cpu0, ctx.cpu()));
    out.put("load", window.summary());
    out.put("series", t.series());
    out.put("memory", steady(op, g.size()));
    return out;
  }

  /** Memory after the operator settled, and the live set after a full GC. */
  private Map<String, Object> steady(BenchOperator op, int size) throws InterruptedException {
    Thread.sleep(SETTLE_SECONDS * 1000L);
    Map<String, Object> m = new LinkedHashMap<>(op.memory());
    m.put("heapAfterFullGcMiB", Stats.mib(op.liveHeapAfterFullGc()));
    Thread.sleep(1000);
    m.put("rssAfterFullGcMiB", Stats.mib(SystemProbe.rssBytes(op.pid())));
    m.put("jvmFlags", ctx.options.operatorJvmFlags);
    m.put(
        "java", ctx.options.operatorJava == null ? "bench's" : ctx.options.operatorJava.toString());
    m.put("histogram", op.histogram().summary(HISTOGRAM_TOP, size));
    return m;
  }

  static Map<String, Object> writes(Map<String, Double> delta) {
    Map<String, Object> w = new LinkedHashMap<>();
    delta.forEach(
        (k, v) -> {
          String verb = k.substring(0, k.indexOf(' '));
          if (!List.of("GET", "LIST", "WATCH", "CONNECT").contains(verb)) {
            w.put(k, v.longValue());
          }
        });
    return w;
  }

  private static Map<String, Object> perCredential(
      Map<String, Double> delta, int n, boolean writesOnly) {
    Map<String, Object> out = new LinkedHashMap<>();
    double total = 0;
    for (var e : delta.entrySet()) {
      String verb = e.getKey().substring(0, e.getKey().indexOf(' '));
      boolean write = !List.of("GET", "LIST", "WATCH", "CONNECT").contains(verb);
      if (writesOnly && !write) {
        continue;
      }
      double per = e.getValue() / n;
      total += per;
      if (per >= 0.05) {
        out.put(e.getKey(), Stats.round(per, 2));
      }
    }
    out.put("total", Stats.round(total, 2));
    return out;
  }

  /** Samples the operator's metrics and memory while it works, for the series and the plot. */
  static final class Tracker {
    private final BenchOperator op;
    private final List<List<Double>> series = new ArrayList<>();
    private final Map<String, Double> last = new LinkedHashMap<>();
    private double readyzAt = Double.NaN;
    private final List<Double> scrapes = new ArrayList<>();

    Tracker(BenchOperator op) {
      this.op = op;
    }

    PromText sample() {
      if (Double.isNaN(readyzAt) && op.ready()) {
        readyzAt = Stats.round(op.secondsSinceStart(), 1);
      }
      long t0 = System.nanoTime();
      PromText m = op.metrics(Ctx.OPERATOR_METRICS);
      if (m != null) {
        scrapes.add((System.nanoTime() - t0) / 1e6);
      }
      return m;
    }

    /** Credentials the operator has reconciled and that have a token (a finite token age). */
    static double withToken(PromText m) {
      return m.countFinite("costcred_token_age_seconds");
    }

    Map<String, Object> scrapeMillis() {
      return Stats.summary(scrapes, 1);
    }

    void last(String key, double value) {
      last.put(key, value);
      series.add(
          List.of(
              Stats.round(op.secondsSinceStart(), 1),
              value,
              Stats.mib(SystemProbe.rssBytes(op.pid())),
              SystemProbe.loadAverage()[0]));
    }

    static double reconciled(PromText m) {
      double ok = m.sum("operator_sdk_reconciliations_success_total");
      return ok > 0 ? ok : m.sum("operator_sdk_controllers_execution_reconcile_success_total");
    }

    double readyzAt() {
      return readyzAt;
    }

    /** [seconds since start, count, RSS MiB, load1] rows. */
    List<List<Double>> series() {
      return series;
    }
  }
}
