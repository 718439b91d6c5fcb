package io.costcred.bench;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write rate: the local API server's raw write rate, the physical limit of first rotations. K
 * concurrent writers (no operator running) each write their own object for a fixed time: merge
 * patches of a CostCredential's status subresource, merge patches of a Secret's data, Event
 * creates. Every write changes the object, so none is a no-op the API server could skip.
 */
final class WriteRatePhase {
  static final List<String> KINDS = List.of("status", "secret", "event");

  /** The first-rotation count the report's implied limit speaks of. */
  static final int LIMIT_CREDENTIALS = 10_000;

  private final Ctx ctx;
  private final AtomicLong serial = new AtomicLong();

  WriteRatePhase(Ctx ctx) {
    this.ctx = ctx;
  }

  Map<String, Object> run() throws Exception {
    ctx.stopOperator();
    List<Integer> writers = ctx.options.writeRateWriters;
    int objects = writers.stream().mapToInt(Integer::intValue).max().orElse(1);
    Fixtures.Group g = new Fixtures.Group("writerate", objects, 1, 0, 1, false);
    Bench.log("writerate: " + objects + " CostCredentials and Secrets to write to");
    ctx.fixtures.create(g);
    String ns = g.namespaces().get(0);
    var window = ctx.probe.window();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("secondsPerPoint", ctx.options.writeRateSeconds);
    out.put("writers", writers);
    List<Map<String, Object>> points = new ArrayList<>();
    Map<String, Double> best = new LinkedHashMap<>();
    point(ns, "status", 4, 3); // warm-up of the client and the API server, not recorded
    for (String kind : KINDS) {
      for (int k : writers) {
        Map<String, Object> p = point(ns, kind, k, ctx.options.writeRateSeconds);
        points.add(p);
        best.merge(kind, (Double) p.get("writesPerSecond"), Math::max);
        Bench.log(
            "writerate: "
                + kind
                + " K="
                + k
                + ": "
                + p.get("writesPerSecond")
                + " writes/s, CPU % of a core "
                + p.get("cpuPercentOfOneCore"));
      }
    }
    out.put("points", points);
    out.put("bestWritesPerSecond", best);
    Map<String, Object> perRotation = measuredWritesPerFirstRotation(ctx.results);
    if (perRotation != null) {
      Map<String, Object> limit = WriteMix.impliedLimit(perRotation, best, LIMIT_CREDENTIALS);
      out.put("firstRotationLimit", limit);
      Bench.log("writerate: " + WriteMix.sentence(limit));
    }
    out.put("load", window.summary());
    return out;
  }

  /** writesPerFirstRotation of the largest cold scale size that did first rotations, or null. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> measuredWritesPerFirstRotation(Map<String, Object> results) {
    if (!(results.get("scale") instanceof Map<?, ?> scale)) {
      return null;
    }
    Map<String, Object> found = null;
    int size = -1;
    for (var e : scale.entrySet()) {
      String k = String.valueOf(e.getKey());
      if (k.matches("\\d+")
          && Integer.parseInt(k) > size
          && Report.get(e.getValue(), "cold", "writesPerFirstRotation") instanceof Map<?, ?> m) {
        found = (Map<String, Object>) m;
        size = Integer.parseInt(k);
      }
    }
    return found;
  }

  private Map<String, Object> point(String ns, String kind, int k, int seconds) throws Exception {
    var cpu0 = ctx.cpu();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(k);
    List<Future<long[]>> fs = new ArrayList<>();
    List<List<Double>> latencies = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int w = 0; w < k; w++) {
      String name = Fixtures.Group.credential(w);
      List<Double> lat = new ArrayList<>();
      latencies.add(lat);
      fs.add(pool.submit(() -> writer(ns, kind, name, end, lat)));
    }
    long writes = 0;
    long errors = 0;
    for (Future<long[]> f : fs) {
      long[] r = f.get();
      writes += r[0];
      errors += r[1];
    }
    pool.shutdown();
    double elapsed = (System.nanoTime() - t0) / 1e9;
    var cpu = Ctx.cpuDelta(cpu0, ctx.cpu());
    List<Double> all = new ArrayList<>();
    latencies.forEach(all::addAll);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("kind", kind);
    p.put("writers", k);
    p.put("writes", writes);
    p.put("errors", errors);
    p.put("seconds", Stats.round(elapsed, 1));
    p.put("writesPerSecond", Stats.round(writes / elapsed, 1));
    p.put("latencyMs", Stats.summary(all, 1));
    Map<String, Object> pct = new LinkedHashMap<>();
    for (String c : List.of("kube-apiserver", "etcd", "bench (this JVM, incl. fake Vantage)")) {
      if (cpu.get(c) instanceof Number n) {
        pct.put(
            c.startsWith("bench") ? "bench" : c, Stats.round(100 * n.doubleValue() / elapsed, 0));
      }
    }
    p.put("cpuPercentOfOneCore", pct);
    return p;
  }

  /** One writer: writes its object until the deadline; returns {writes, errors}. */
  private long[] writer(String ns, String kind, String name, long end, List<Double> lat) {
    KubernetesClient client = ctx.client;
    long ok = 0;
    long failed = 0;
    while (System.nanoTime() < end) {
      String v = "wr-" + serial.incrementAndGet();
      long t = System.nanoTime();
      try {
        write(client, ns, kind, name, v);
        ok++;
        if (lat.size() < 20_000) {
          lat.add((System.nanoTime() - t) / 1e6);
        }
      } catch (RuntimeException e) {
        failed++;
      }
    }
    return new long[] {ok, failed};
  }

  private static void write(
      KubernetesClient client, String ns, String kind, String name, String v) {
    PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
    switch (kind) {
      case "status" ->
          client
              .genericKubernetesResources(Fixtures.API_VERSION, Fixtures.KIND)
              .inNamespace(ns)
              .withName(name)
              .subresource("status")
              .patch(merge, "{\"status\":{\"handledStatusRequest\":\"" + v + "\"}}");
      case "secret" ->
          client
              .secrets()
              .inNamespace(ns)
              .withName(name)
              .patch(
                  merge,
                  "{\"data\":{\"bench-writerate\":\""
                      + Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))
                      + "\"}}");
      case "event" ->
          client
              .v1()
              .events()
              .inNamespace(ns)
              .resource(
                  new EventBuilder()
                      .withNewMetadata()
                      .withName(name + "." + v)
                      .withNamespace(ns)
                      .endMetadata()
                      .withNewInvolvedObject()
                      .withApiVersion(Fixtures.API_VERSION)
                      .withKind(Fixtures.KIND)
                      .withName(name)
                      .withNamespace(ns)
                      .endInvolvedObject()
                      .withType("Normal")
                      .withReason("BenchWriteRate")
                      .withMessage("write-rate sample " + v)
                      .withFirstTimestamp(Instant.now().toString())
                      .withLastTimestamp(Instant.now().toString())
                      .withCount(1)
                      .withNewSource()
                      .withComponent("costcred-bench")
                      .endSource()
                      .build())
              .create();
      default -> throw new IllegalArgumentException(kind);
    }
  }
}
