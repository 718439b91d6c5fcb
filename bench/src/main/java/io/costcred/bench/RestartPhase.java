package io.costcred.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The operator side by side with Stakater Reloader, on the same cluster in the same run: N managed
 * objects (a Secret and a one-replica Deployment reading it) for each tool; idle API requests per
 * minute (minus a baseline with neither running), RSS and CPU at idle; and sequential samples of
 * the time from the Secret write to the Deployment's template change ({@link RestartSample}).
 * Reloader's Secret is written by the bench; the operator's by the operator's own rotation, which
 * the bench requests with {@code costcred.io/rotate}.
 */
final class RestartPhase {
  private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(120);
  private static final int SETTLE_SECONDS = 10;
  private final Ctx ctx;

  RestartPhase(Ctx ctx) {
    this.ctx = ctx;
  }

  Map<String, Object> run() throws Exception {
    Path bin = Reloader.find(ctx.options);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("reloaderBinary", bin == null ? "not available" : bin.toString());
    out.put("samplesPerSize", ctx.options.restartSamples);
    out.put("idleSeconds", ctx.options.restartIdleSeconds);
    Map<String, Object> sizes = new LinkedHashMap<>();
    out.put("sizes", sizes);
    for (int size : ctx.options.restartSizes) {
      Map<String, Object> row = new LinkedHashMap<>();
      sizes.put(Integer.toString(size), row);
      if (bin != null) {
        row.put("reloader", orError("reloader", size, () -> reloader(size, bin)));
      }
      row.put("costcred", orError("costcred", size, () -> costcred(size)));
    }
    var rows = RestartComparison.of(sizes);
    out.put("comparison", rows);
    Bench.log("restart: Reloader vs costcred\n" + RestartComparison.markdown(rows));
    return out;
  }

  /** One tool at one size. */
  private interface Measurement {
    Map<String, Object> run() throws Exception;
  }

  /**
   * A size that fails is recorded as its error and the other sizes and tools are still measured: a
   * 5,000 setup that does not finish must not lose the 1,000 figures.
   */
  private Map<String, Object> orError(String tool, int size, Measurement m) throws Exception {
    try {
      return m.run();
    } catch (IllegalStateException e) {
      Bench.log("restart " + size + ": " + tool + " failed: " + e.getMessage());
      ctx.stopOperator();
      return Map.of("error", String.valueOf(e.getMessage()));
    }
  }

  private static String k(int size) {
    return size % 1000 == 0 ? size / 1000 + "k" : Integer.toString(size);
  }

  private Map<String, Object> reloader(int size, Path bin) throws Exception {
    ctx.stopOperator();
    Fixtures.Group g =
        new Fixtures.Group("rl" + k(size), size, 0, 0, 0, false)
            .perNamespace(ctx.options.restartPerNamespace);
    Bench.log("restart " + size + ": creating " + size + " Secrets and Deployments for Reloader");
    createReloaderObjects(g);
    awaitRolledOut(g);
    Map<String, Object> out = new LinkedHashMap<>();
    var baseline = baseline();
    Path log = ctx.workDir.resolve("reloader-" + k(size) + ".log");
    try (Reloader r = Reloader.start(bin, ctx.cluster.kubeconfig(), g.namespaces(), log)) {
      r.checkLoopbackOnly();
      // The first sample also proves its informers have synced.
      if (sampleReloader(g, 0, -1) == null) {
        throw new IllegalStateException("Reloader did not restart the warm-up Deployment");
      }
      Thread.sleep(SETTLE_SECONDS * 1000L);
      out.put("idle", idle(baseline, r.pid()));
      // Memory at the end of the idle window, as for the operator; the live heap is the one the
      // last collection marked (Go forces one after two idle minutes).
      Map<String, Object> memory = new LinkedHashMap<>();
      memory.put("rssMiB", Stats.mib(SystemProbe.rssBytes(r.pid())));
      r.liveHeapBytes().ifPresent(b -> memory.put("liveHeapMiB", Stats.mib(b)));
      out.put("memory", memory);
      out.put("latency", samples(size, i -> sampleReloader(g, i, i)));
    }
    return out;
  }

  private RestartSample.Result sampleReloader(Fixtures.Group g, int index, int n)
      throws InterruptedException {
    String ns = g.namespaceOf(index);
    String name = Fixtures.Group.credential(index);
    String value =
        Base64.getEncoder().encodeToString(("v" + n + "-" + System.nanoTime()).getBytes());
    String patch = "{\"data\":{\"token\":\"" + value + "\"}}";
    return RestartSample.measure(
        ctx.client,
        ns,
        name,
        name,
        () ->
            Fixtures.retry(
                () ->
                    ctx.client
                        .secrets()
                        .inNamespace(ns)
                        .withName(name)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch)),
        SAMPLE_TIMEOUT);
  }

  private Map<String, Object> costcred(int size) throws Exception {
    ctx.stopOperator();
    // One Deployment per credential, reading the credential's store Secret. Above
    // --cold-rotation-max the store starts with a working token, which the operator adopts (as in
    // the scale phase: 5,000 first rotations take longer than the setup's 10 minutes here); the
    // samples are real rotations either way.
    int perNamespace = Math.min(size, ctx.options.restartPerNamespace);
    boolean adopt = size > ctx.options.coldRotationMax;
    Fixtures.Group g =
        new Fixtures.Group("rc" + k(size), size, 1, perNamespace, 3, adopt)
            .perNamespace(ctx.options.restartPerNamespace);
    var baseline = baseline();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("setupSeconds", Stats.round(ctx.ensureRotated(g, List.of()), 1));
    awaitRolledOut(g);
    BenchOperator op = ctx.operator;
    IdlePhase.waitReconciled(op, size);
    Thread.sleep(SETTLE_SECONDS * 1000L);
    out.put("idle", idle(baseline, op.pid()));
    // Memory at the end of the idle window (--restart-idle-seconds: long enough for the heap
    // compaction after the setup's burst, D54), before the samples' rotations.
    out.put("memory", memory(op, size));
    out.put(
        "latency",
        samples(
            size,
            i -> {
              String ns = g.namespaceOf(i);
              String name = Fixtures.Group.credential(i);
              String deployment = "consumer-" + i % g.deployments();
              return RestartSample.measure(
                  ctx.client,
                  ns,
                  name,
                  deployment,
                  () ->
                      ctx.fixtures.annotate(
                          ns,
                          name,
                          Map.of(BurstPhase.ROTATE, "bench-restart-" + System.nanoTime())),
                  SAMPLE_TIMEOUT);
            }));
    if (ctx.options.heapDumpDir != null) {
      out.put("heapDump", op.heapDump(ctx.options.heapDumpDir, size).toString());
    }
    ctx.stopOperator();
    return out;
  }

  /**
   * RSS and heap at the end of the idle window, then after a full GC: the live heap, the RSS the
   * serial collector leaves once it has shrunk the heap (a JVM's idle RSS is its heap's high-water
   * mark; Go's runtime returns memory on its own), and the live objects by class.
   */
  private static Map<String, Object> memory(BenchOperator op, int size) {
    Map<String, Object> m = new LinkedHashMap<>(op.memory());
    m.put("liveHeapMiB", Stats.mib(op.liveHeapAfterFullGc()));
    m.put("rssAfterFullGcMiB", Stats.mib(SystemProbe.rssBytes(op.pid())));
    m.put("histogram", op.histogram().summary(ScalePhase.HISTOGRAM_TOP, size));
    Map<String, Double> nmt = op.nativeMemory();
    if (!nmt.isEmpty()) {
      m.put("nativeMemoryCommittedMiB", nmt);
    }
    return m;
  }

  /** A sample of the credential or object at one index. */
  private interface Sampler {
    RestartSample.Result sample(int index) throws Exception;
  }

  private Map<String, Object> samples(int size, Sampler sampler) throws Exception {
    Random random = new Random(size);
    List<Double> toTemplate = new ArrayList<>();
    List<Double> toSecret = new ArrayList<>();
    int missed = 0;
    for (int n = 0; n < ctx.options.restartSamples; n++) {
      int index = 1 + random.nextInt(size - 1); // index 0 is Reloader's warm-up object
      RestartSample.Result r = sampler.sample(index);
      if (r == null) {
        missed++;
        continue;
      }
      toTemplate.add(r.secretToTemplateMs());
      toSecret.add(r.triggerToSecretMs());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("secretToTemplateMs", Stats.summary(toTemplate, 0));
    out.put("triggerToSecretMs", Stats.summary(toSecret, 0));
    out.put("timedOut", missed);
    return out;
  }

  private Map<String, Double> baseline() throws InterruptedException {
    var b0 = ctx.cluster.requestCountsByVerb();
    long t0 = System.nanoTime();
    Thread.sleep(ctx.options.baselineSeconds * 1000L);
    Map<String, Double> perMinute = new LinkedHashMap<>();
    double minutes = (System.nanoTime() - t0) / 60e9;
    Cluster.delta(b0, ctx.cluster.requestCountsByVerb())
        .forEach((key, v) -> perMinute.put(key, v / minutes));
    return perMinute;
  }

  /** API requests per minute beyond the baseline, CPU of the process, over the idle window. */
  private Map<String, Object> idle(Map<String, Double> baseline, long pid)
      throws InterruptedException {
    var r0 = ctx.cluster.requestCountsByVerb();
    double cpu0 = SystemProbe.cpuSeconds(pid);
    long t0 = System.nanoTime();
    Thread.sleep(ctx.options.restartIdleSeconds * 1000L);
    double minutes = (System.nanoTime() - t0) / 60e9;
    var delta = Cluster.delta(r0, ctx.cluster.requestCountsByVerb());
    double own = 0;
    double leases = 0;
    double watches = 0;
    Map<String, Object> byKind = new LinkedHashMap<>();
    for (var e : delta.entrySet()) {
      double rate = e.getValue() / minutes - baseline.getOrDefault(e.getKey(), 0.0);
      if (rate < 0.5) {
        continue;
      }
      byKind.put(e.getKey(), Stats.round(rate, 1));
      if (e.getKey().contains("leases")) {
        leases += rate;
      } else if (e.getKey().startsWith("WATCH ")) {
        // Watches end after a random 5-10 minutes and are opened again, by every client of
        // the API server (the controller manager and the scheduler watch ~40 kinds): counted
        // apart, they are not the tool's own traffic.
        watches += rate;
      } else {
        own += rate;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requestsPerMinuteExcludingLeases", Stats.round(own, 1));
    out.put("leaseRequestsPerMinute", Stats.round(leases, 1));
    out.put("watchRequestsPerMinuteAnyClient", Stats.round(watches, 1));
    out.put("requestsPerMinuteByVerbAndResource", byKind);
    out.put(
        "cpuPercentOfOneCore",
        Stats.round(100 * (SystemProbe.cpuSeconds(pid) - cpu0) / (minutes * 60), 2));
    return out;
  }

  /**
   * Waits until the controller manager has rolled out every Deployment of the group's namespaces:
   * creating 5,000 ReplicaSets and Pods takes it minutes, and those requests must not count as the
   * tool's idle traffic. Polled every 10 s (each poll lists the Deployments).
   */
  private void awaitRolledOut(Fixtures.Group g) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (true) {
      long waiting = 0;
      for (String ns : g.namespaces()) {
        waiting +=
            ctx.client.apps().deployments().inNamespace(ns).list().getItems().stream()
                .filter(d -> !rolledOut(d))
                .count();
      }
      if (waiting == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(waiting + " Deployments not rolled out after 10 minutes");
      }
      Bench.log("restart: " + waiting + " Deployments of " + g.name() + " still rolling out");
      Thread.sleep(10_000);
    }
  }

  /** The controller saw the latest spec and its one replica is available. */
  private static boolean rolledOut(Deployment d) {
    return d.getStatus() != null
        && Objects.equals(d.getStatus().getAvailableReplicas(), 1)
        && Objects.equals(d.getMetadata().getGeneration(), d.getStatus().getObservedGeneration());
  }

  private void createReloaderObjects(Fixtures.Group g) throws Exception {
    g.namespaces().forEach(ctx.fixtures::namespace);
    ExecutorService pool = Executors.newFixedThreadPool(ctx.options.parallel);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < g.size(); i++) {
        String ns = g.namespaceOf(i);
        String name = Fixtures.Group.credential(i);
        fs.add(
            pool.submit(
                () -> {
                  ctx.fixtures.createSecret(ns, name, Map.of("token", "v-initial"));
                  ctx.fixtures.deployment(ns, name, Map.of(Reloader.SECRET_ANNOTATION, name), name);
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
