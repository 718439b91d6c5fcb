package io.costcred.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The operator as a separate JVM (java -jar operator/target/costcred-operator.jar ...). */
final class OperatorProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Process process;
  private final int port;
  private final long startNanos;
  private final List<String> command;
  private final Path jfrFile;
  private final Path logFile;
  private final Spec spec;

  /** How to start one operator process. */
  record Spec(
      String name,
      int hourlyBudget,
      int reconcileThreads,
      boolean leaderElection,
      List<String> namespaces,
      boolean jfr) {}

  private OperatorProcess(
      Process process,
      int port,
      long startNanos,
      List<String> command,
      Path jfrFile,
      Path logFile,
      Spec spec) {
    this.spec = spec;
    this.logFile = logFile;
    this.process = process;
    this.port = port;
    this.startNanos = startNanos;
    this.command = command;
    this.jfrFile = jfrFile;
  }

  static OperatorProcess start(Options o, Path kubeconfig, Path workDir, Spec spec)
      throws IOException {
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String f : o.operatorJvmFlags.trim().split("\\s+")) {
      if (!f.isEmpty()) {
        cmd.add(f);
      }
    }
    Path jfr = null;
    if (spec.jfr()) {
      jfr = workDir.resolve("operator-" + spec.name() + ".jfr");
      cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }
    cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    cmd.add("-jar");
    cmd.add(o.operatorJar.toString());
    cmd.add("--operator-namespace=" + Fixtures.OPERATOR_NAMESPACE);
    cmd.add("--http-bind=127.0.0.1");
    cmd.add("--egress-allow=http://127.0.0.1:*"); // the local peers: fake Vantage, OpenBao, moto
    cmd.add("--http-port=" + port);
    cmd.add("--vantage-hourly-budget=" + spec.hourlyBudget());
    cmd.add("--reconcile-threads=" + spec.reconcileThreads());
    cmd.add("--identity=bench-" + spec.name());
    if (!spec.leaderElection()) {
      cmd.add("--no-leader-election");
    }
    if (!spec.namespaces().isEmpty()) {
      cmd.add("--namespaces=" + String.join(",", spec.namespaces()));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("MALLOC_ARENA_MAX", "2"); // as the chart sets it
    pb.redirectErrorStream(true);
    Path log = workDir.resolve("operator-" + spec.name() + ".log");
    pb.redirectOutput(log.toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    Bench.log("operator " + spec.name() + " started: pid " + p.pid() + ", port " + port);
    return new OperatorProcess(p, port, t0, cmd, jfr, log, spec);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  Spec spec() {
    return spec;
  }

  long pid() {
    return process.pid();
  }

  long startNanos() {
    return startNanos;
  }

  double secondsSinceStart() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  Path jfrFile() {
    return jfrFile;
  }

  /** Standard output and error of the process. */
  Path logFile() {
    return logFile;
  }

  List<String> command() {
    return command;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The operator's metrics, only the metric names that pass the filter; null if unreachable. */
  PromText metrics(java.util.function.Predicate<String> names) {
    String body = get("/metrics");
    return body == null ? null : PromText.parse(body, names);
  }

  boolean ready() {
    return get("/readyz") != null;
  }

  private String get(String path) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Heap in use (sum of jvm_memory_used_bytes area=heap), bytes; -1 if unknown. */
  long heapUsed() {
    PromText m = metrics("jvm_memory_used_bytes"::equals);
    return m == null ? -1 : (long) m.sum("jvm_memory_used_bytes", "area", "heap");
  }

  /** Non-heap in use (metaspace, code cache, ...), bytes. */
  long nonHeapUsed() {
    PromText m = metrics("jvm_memory_used_bytes"::equals);
    return m == null ? -1 : (long) m.sum("jvm_memory_used_bytes", "area", "nonheap");
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

  String jcmd(String... args) {
    List<String> cmd = new ArrayList<>(List.of("jcmd", Long.toString(pid())));
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

  /** Memory figures at this moment. */
  Map<String, Object> memory() {
    long heap = heapUsed();
    return Map.of(
        "rssMiB", Stats.mib(SystemProbe.rssBytes(pid())),
        "peakRssMiB", Stats.mib(SystemProbe.peakRssBytes(pid())),
        "heapUsedMiB", Stats.mib(heap),
        "nonHeapUsedMiB", Stats.mib(nonHeapUsed()));
  }

  double cpuSeconds() {
    return SystemProbe.cpuSeconds(pid());
  }

  /** SIGTERM, as Kubernetes stops a pod; waits for the shutdown hook, then kills. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(45, TimeUnit.SECONDS)) {
        Bench.log("operator did not stop within 45 s; killing it");
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
