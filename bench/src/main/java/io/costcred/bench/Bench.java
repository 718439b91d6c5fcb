package io.costcred.bench;

import io.costcred.fakevantage.FakeVantage;
import io.costcred.testsupport.LeakScan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark: a real local control plane (hack/cluster.sh), the fake Vantage API in this JVM,
 * the operator as its own process. Phases: scale, idle, emergency, burst; JFR profiles of the
 * slowest paths. Writes bench/results/results.{md,json} and SVG charts.
 */
public final class Bench {
  private Bench() {}

  static void log(String message) {
    System.out.println(
        "[bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    System.out.flush();
  }

  public static void main(String[] args) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (Options.UsageException e) {
      if (e.getMessage() != null) {
        System.err.println("error: " + e.getMessage());
      }
      System.err.print(Options.USAGE.formatted(Options.DEFAULT_JVM_FLAGS));
      System.exit(e.getMessage() == null ? 0 : 2);
      return;
    }
    try {
      System.exit(run(o, args));
    } catch (Exception e) {
      log("failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static int run(Options o, String[] args) throws Exception {
    if (o.render != null) {
      Report.render(o.render);
      log("results: " + o.render.resolve("results.md") + " written again");
      return 0;
    }
    if (!Files.exists(o.operatorJar)) {
      log(
          "operator jar not found: "
              + o.operatorJar
              + " (build it: mvn -B -o package -pl operator -am -DskipTests)");
      return 2;
    }
    long start = System.nanoTime();
    Map<String, Object> results = new LinkedHashMap<>();
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("startedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    run.put("label", o.label);
    run.put("command", "java -jar bench/target/costcred-bench.jar " + String.join(" ", args));
    run.put("phases", new ArrayList<>(o.phases));
    run.put("sizes", o.sizes);
    results.put("run", run);
    Map<String, Object> errors = new LinkedHashMap<>();
    Path work = o.repo.resolve("bench/target/bench-run");
    Files.createDirectories(work);
    log("phases " + o.phases + ", sizes " + o.sizes + ", operator " + o.operatorJar);
    log("logs and JFR recordings: " + work);
    // Everything started here is registered with cleanup: stopped in reverse order at the end,
    // on failure, and by a shutdown hook on Ctrl-C/SIGTERM.
    try (Cleanup cleanup = new Cleanup()) {
      SystemProbe probe = cleanup.add(new SystemProbe());
      Cluster cluster = cleanup.add(new Cluster(o.repo, o.clusterDir, o.keepCluster));
      FakeVantage fake =
          cleanup.add(
              FakeVantage.builder()
                  .bind(new InetSocketAddress("127.0.0.1", 0))
                  .hourlyBudget(o.scaleBudget)
                  .start());
      Peers peers = o.phases.contains("emergency") ? cleanup.add(Peers.start(o.repo, work)) : null;
      Map<String, Object> machine = machine(o);
      results.put("machine", machine);
      cluster.start(o.reuseCluster);
      Ctx ctx = new Ctx(o, cluster, fake, peers, probe, work, results);
      cleanup.add(ctx);
      ctx.fixtures.applyCrds(o.repo);
      machine.put("kubernetes", cluster.version());
      log("cluster " + cluster.version() + ", fake Vantage at " + fake.baseUrl());
      try {
        phases(ctx, errors);
      } finally {
        ctx.stopOperator();
      }
      scanLogs(ctx, errors);
    }
    run.put("totalSeconds", Stats.round((System.nanoTime() - start) / 1e9, 0));
    if (!errors.isEmpty()) {
      results.put("errors", errors);
    }
    Report.write(o.out, results);
    log("results: " + o.out.resolve("results.md") + " (" + run.get("totalSeconds") + " s)");
    return errors.isEmpty() ? 0 : 1;
  }

  private static void phases(Ctx ctx, Map<String, Object> errors) {
    Options o = ctx.options;
    if (o.phases.contains("scale")) {
      Map<String, Object> scale = new LinkedHashMap<>();
      ctx.put("scale", scale);
      List<Integer> sizes = new ArrayList<>(o.sizes);
      Collections.sort(sizes);
      for (int size : sizes) {
        phase(
            errors,
            "scale" + size,
            () ->
                scale.put(
                    Integer.toString(size),
                    new ScalePhase(ctx).run(size, size == sizes.get(sizes.size() - 1))));
      }
      scale.put("slopePerThousand", slope(scale));
    }
    if (o.phases.contains("writerate")) {
      phase(errors, "writerate", () -> ctx.put("writeRate", new WriteRatePhase(ctx).run()));
    }
    List<String> emNamespaces =
        o.phases.contains("emergency")
            ? EmergencyPhase.group(o.emergencies).namespaces()
            : List.of();
    if (o.phases.contains("idle")) {
      phase(errors, "idle", () -> ctx.put("idle", new IdlePhase(ctx).run(emNamespaces)));
    }
    if (o.phases.contains("emergency")) {
      phase(errors, "emergency", () -> ctx.put("emergency", new EmergencyPhase(ctx).run()));
      if (Report.get(ctx.results.get("emergency"), "problems") instanceof List<?> p
          && !p.isEmpty()) {
        errors.putIfAbsent("emergency", p.size() + " failed checks, see emergency.problems");
      }
    }
    if (o.phases.contains("burst")) {
      phase(errors, "burst", () -> ctx.put("burst", new BurstPhase(ctx).run()));
    }
    if (o.phases.contains("restart")) {
      phase(errors, "restart", () -> ctx.put("restart", new RestartPhase(ctx).run()));
    }
    if (o.phases.contains("budgetloop")) {
      phase(errors, "budgetloop", () -> ctx.put("budgetLoop", new BudgetLoopPhase(ctx).run()));
    }
    if (o.phases.contains("failover")) {
      phase(errors, "failover", () -> ctx.put("failover", new FailoverPhase(ctx).run()));
    }
  }

  /**
   * Scans every operator log of this run for every token the bench issued (and the OpenBao root
   * token). A finding fails the run, and the emergency phase if it ran.
   */
  @SuppressWarnings("unchecked")
  private static void scanLogs(Ctx ctx, Map<String, Object> errors) throws IOException {
    LeakScan scan = new LeakScan(ctx.fixtures.issuedSecrets());
    Map<String, List<Integer>> found = scan.scan(ctx.operatorLogs);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("operatorLogs", ctx.operatorLogs.size());
    out.put("secretsSearched", scan.secrets());
    out.put("linesWithASecret", found);
    ctx.put("logScan", out);
    log(
        "log scan: "
            + scan.secrets()
            + " secrets in "
            + ctx.operatorLogs.size()
            + " operator logs: "
            + (found.isEmpty() ? "none found" : "FOUND in " + found));
    if (!found.isEmpty()) {
      String what = "a token value appears in the operator log: " + found;
      errors.put("logScan", what);
      if (ctx.results.get("emergency") instanceof Map<?, ?> em
          && em.get("problems") instanceof List<?> problems) {
        ((List<Object>) problems).add(what);
        errors.putIfAbsent("emergency", what);
      }
    }
  }

  /** A phase body that may throw. */
  private interface Body {
    void run() throws Exception;
  }

  private static void phase(Map<String, Object> errors, String name, Body body) {
    long t0 = System.nanoTime();
    try {
      body.run();
      log(name + " done in " + Math.round((System.nanoTime() - t0) / 1e9) + " s");
    } catch (Exception | Error e) {
      StringWriter w = new StringWriter();
      e.printStackTrace(new PrintWriter(w));
      log(name + " failed: " + w);
      errors.put(name, e.toString());
    }
  }

  private static Map<String, Object> slope(Map<String, Object> scale) {
    List<Integer> sizes = new ArrayList<>();
    scale.keySet().forEach(k -> sizes.add(Integer.parseInt(k)));
    Map<String, Object> out = new LinkedHashMap<>();
    if (sizes.size() < 2) {
      return out;
    }
    Collections.sort(sizes);
    Object small = scale.get(Integer.toString(sizes.get(0)));
    Object big = scale.get(Integer.toString(sizes.get(sizes.size() - 1)));
    double k = (sizes.get(sizes.size() - 1) - sizes.get(0)) / 1000.0;
    for (String[] m :
        new String[][] {
          {"restart", "memory", "rssMiB", "restartRssMiB"},
          {"restart", "memory", "heapAfterFullGcMiB", "restartLiveHeapMiB"},
          {"cold", "memory", "rssMiB", "coldRssMiB"},
          {"restart", "secondsToAllReconciled", null, "restartSeconds"},
          {"cold", "secondsToAllReady", null, "coldSeconds"},
        }) {
      String[] path = m[2] == null ? new String[] {m[0], m[1]} : new String[] {m[0], m[1], m[2]};
      Object a = Report.get(small, path);
      Object b = Report.get(big, path);
      if (a instanceof Number x && b instanceof Number y) {
        out.put(m[3], Stats.round((y.doubleValue() - x.doubleValue()) / k, 2));
      }
    }
    return out;
  }

  private static Map<String, Object> machine(Options o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memoryGiB", Stats.round(SystemProbe.memTotalBytes() / 1024.0 / 1024 / 1024, 1));
    m.put("cpuModel", SystemProbe.cpuModel());
    m.put(
        "jvm",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    if (o.operatorJava != null) {
      m.put("operatorJava", o.operatorJava.toString());
    }
    m.put("operatorJvmFlags", o.operatorJvmFlags);
    m.put("operatorJar", o.operatorJar.toString());
    m.put("reconcileThreads", o.reconcileThreads);
    double[] l = SystemProbe.loadAverage();
    m.put("loadAtStart", List.of(l[0], l[1], l[2]));
    return m;
  }
}
