package io.costcred.bench;

import io.costcred.testsupport.OperatorProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as a separate JVM ({@link OperatorProcess} of costcred-test-support: java -jar
 * operator/target/costcred-operator.jar ...) with the bench's flags, and what the bench measures of
 * it: metrics, memory, CPU, a JFR recording.
 */
final class BenchOperator implements AutoCloseable {
  private final OperatorProcess process;
  private final Path jfrFile;
  private final Spec spec;

  /** How to start one operator process. */
  record Spec(
      String name,
      int hourlyBudget,
      int reconcileThreads,
      boolean leaderElection,
      List<String> namespaces,
      boolean jfr) {}

  private BenchOperator(OperatorProcess process, Path jfrFile, Spec spec) {
    this.process = process;
    this.jfrFile = jfrFile;
    this.spec = spec;
  }

  static BenchOperator start(Options o, Path kubeconfig, Path workDir, Spec spec) {
    return start(o, kubeconfig, workDir, spec, List.of());
  }

  /** As {@link #start(Options, Path, Path, Spec)}, with more operator flags (lease timings). */
  static BenchOperator start(
      Options o, Path kubeconfig, Path workDir, Spec spec, List<String> extraArgs) {
    List<String> jvm = new ArrayList<>();
    for (String f : o.operatorJvmFlags.trim().split("\\s+")) {
      if (!f.isEmpty()) {
        jvm.add(f);
      }
    }
    Path jfr = null;
    if (spec.jfr()) {
      jfr = workDir.resolve("operator-" + spec.name() + ".jfr");
      jvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }
    jvm.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    List<String> args = new ArrayList<>();
    args.add("--operator-namespace=" + Fixtures.OPERATOR_NAMESPACE);
    args.add("--egress-allow=http://127.0.0.1:*"); // the local peers: fake Vantage, OpenBao, moto
    args.add("--vantage-hourly-budget=" + spec.hourlyBudget());
    args.add("--reconcile-threads=" + spec.reconcileThreads());
    args.add("--identity=bench-" + spec.name());
    if (!spec.leaderElection()) {
      args.add("--no-leader-election");
    }
    if (!spec.namespaces().isEmpty()) {
      args.add("--namespaces=" + String.join(",", spec.namespaces()));
    }
    args.addAll(extraArgs);
    if (o.operatorJava != null) {
      System.setProperty(OperatorProcess.JAVA_PROPERTY, o.operatorJava.toString());
    }
    OperatorProcess p =
        OperatorProcess.start(
            new OperatorProcess.Launch(
                spec.name(),
                o.operatorJar,
                kubeconfig,
                jvm,
                args,
                Map.of("MALLOC_ARENA_MAX", "2"), // as the chart sets it
                workDir.resolve("operator-" + spec.name() + ".log"),
                null,
                null));
    Bench.log("operator " + spec.name() + " started: pid " + p.pid() + ", port " + p.httpPort());
    return new BenchOperator(p, jfr, spec);
  }

  Spec spec() {
    return spec;
  }

  long pid() {
    return process.pid();
  }

  long startNanos() {
    return process.startNanos();
  }

  double secondsSinceStart() {
    return (System.nanoTime() - process.startNanos()) / 1e9;
  }

  Path jfrFile() {
    return jfrFile;
  }

  /** Standard output and error of the process. */
  Path logFile() {
    return process.stdout();
  }

  List<String> command() {
    return process.command();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The operator's metrics, only the metric names that pass the filter; null if unreachable. */
  PromText metrics(java.util.function.Predicate<String> names) {
    String body = get("/metrics");
    return body == null ? null : PromText.parse(body, names);
  }

  /** The identity in the leader-election Lease. */
  String identity() {
    return "bench-" + spec.name();
  }

  /** SIGKILL, as a node failure: no shutdown hook, the Lease is not released. */
  void kill() {
    process.kill();
  }

  /** /healthz answers (the HTTP server is up; a standby serves it too). */
  boolean healthy() {
    return get("/healthz") != null;
  }

  boolean ready() {
    return get("/readyz") != null;
  }

  private String get(String path) {
    return process.get(path, Duration.ofSeconds(20));
  }

  /** Runs a full GC in the operator (jcmd GC.run), to read the live set afterwards. */
  void fullGc() {
    jcmd("GC.run");
  }

  /** Heap in use right after a full GC (jcmd GC.run, then GC.heap_info), bytes; -1 if unknown. */
  long liveHeapAfterFullGc() {
    fullGc();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(jcmd("GC.heap_info"));
    long kb = 0;
    boolean any = false;
    while (m.find()) {
      kb += Long.parseLong(m.group(1));
      any = true;
    }
    return any ? kb * 1024 : -1;
  }

  /**
   * Committed native memory by category, MiB, when the operator runs with {@code
   * -XX:NativeMemoryTracking=summary} ({@code jcmd VM.native_memory summary}); empty otherwise.
   */
  Map<String, Double> nativeMemory() {
    return NativeMemory.committedMiB(jcmd("VM.native_memory", "summary", "scale=KB"));
  }

  /** Live objects per class (jcmd GC.class_histogram, which runs a full GC first). */
  ClassHistogram histogram() {
    return ClassHistogram.parse(jcmd("GC.class_histogram"));
  }

  /**
   * Writes the operator's live objects to DIR/costcred-SIZE.hprof (jcmd GC.heap_dump, which runs a
   * full GC first), for a heap analyser; returns the file.
   */
  Path heapDump(Path dir, int size) throws IOException {
    java.nio.file.Files.createDirectories(dir);
    Path file = dir.resolve("costcred-" + size + ".hprof");
    java.nio.file.Files.deleteIfExists(file);
    jcmd("GC.heap_dump", file.toString());
    return file;
  }

  /** jcmd of the JDK that runs the operator (a JDK 17 jcmd cannot always attach to a newer JVM). */
  private static String jcmdBinary() {
    Path java = Path.of(OperatorProcess.javaBinary());
    Path jcmd = java.resolveSibling("jcmd");
    return java.getParent() != null
            && java.getParent().toFile().isDirectory()
            && jcmd.toFile().canExecute()
        ? jcmd.toString()
        : "jcmd";
  }

  String jcmd(String... args) {
    List<String> cmd = new ArrayList<>(List.of(jcmdBinary(), Long.toString(pid())));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /**
   * Memory figures at this moment, from one scrape of {@code /metrics} (at 5,000 credentials a
   * scrape is ~5 MB; each one promotes objects the heap figures then count) and {@code /proc}.
   */
  Map<String, Object> memory() {
    PromText m =
        metrics(
            n ->
                n.equals("jvm_memory_used_bytes")
                    || n.equals("jvm_memory_committed_bytes")
                    || n.equals("costcred_heap_compactions_total"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rssMiB", Stats.mib(SystemProbe.rssBytes(pid())));
    out.put("peakRssMiB", Stats.mib(SystemProbe.peakRssBytes(pid())));
    if (m != null) {
      out.put("heapUsedMiB", Stats.mib((long) m.sum("jvm_memory_used_bytes", "area", "heap")));
      out.put(
          "nonHeapUsedMiB", Stats.mib((long) m.sum("jvm_memory_used_bytes", "area", "nonheap")));
      out.put(
          "heapCommittedMiB",
          Stats.mib((long) m.sum("jvm_memory_committed_bytes", "area", "heap")));
      // Full collections the operator ran to give back the heap a burst left (D54).
      out.put("heapCompactions", m.sum("costcred_heap_compactions_total"));
    }
    return out;
  }

  double cpuSeconds() {
    return SystemProbe.cpuSeconds(pid());
  }

  /** SIGTERM, as Kubernetes stops a pod; waits for the shutdown hook, then kills. */
  @Override
  public void close() {
    process.stop(Duration.ofSeconds(45));
  }
}
