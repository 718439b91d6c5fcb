package io.costcred.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged operator as a separate OS process ({@code java -jar costcred-operator.jar}), its
 * stdout and stderr captured to files. Every process is killed when its test ends, and, should the
 * test JVM itself be stopped, by a shutdown hook.
 */
public final class OperatorProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorProcess.class);
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-operator-processes"));
  }

  /**
   * What to start: one operator replica. {@code watchNamespace} may list several (comma-separated);
   * {@code jvmOptions} come before {@code -jar}, {@code extraArgs} after the standard flags, and
   * {@code env} is added to the cleaned environment.
   */
  public record Options(
      Path kubeconfig,
      String operatorNamespace,
      String watchNamespace,
      String identity,
      String failpoint,
      Path logDir,
      String logName,
      List<String> jvmOptions,
      List<String> extraArgs,
      Map<String, String> env) {
    public Options(
        Path kubeconfig,
        String operatorNamespace,
        String watchNamespace,
        String identity,
        String failpoint,
        Path logDir,
        String logName) {
      this(
          kubeconfig,
          operatorNamespace,
          watchNamespace,
          identity,
          failpoint,
          logDir,
          logName,
          List.of(),
          List.of(),
          Map.of());
    }
  }

  private final String identity;
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final int httpPort;

  private OperatorProcess(String identity, Process process, Path stdout, Path stderr, int port) {
    this.identity = identity;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.httpPort = port;
  }

  public static OperatorProcess start(Options o) {
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Faster start on two cores; the operator's own code and settings are untouched.
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    cmd.add("-Dorg.slf4j.simpleLogger.log.io.costcred=debug"); // more output to scan for leaks
    cmd.addAll(o.jvmOptions());
    cmd.addAll(List.of("-jar", Repo.operatorJar().toString()));
    cmd.add("--operator-namespace=" + o.operatorNamespace());
    cmd.add("--namespaces=" + o.watchNamespace());
    cmd.add("--identity=" + o.identity());
    cmd.add("--http-bind=127.0.0.1");
    cmd.add("--http-port=" + port);
    if (o.failpoint() != null) {
      cmd.add("--failpoint=" + o.failpoint());
    }
    if (o.extraArgs().stream().noneMatch(a -> a.startsWith("--egress-allow"))) {
      cmd.add("--egress-allow=http://127.0.0.1:*"); // the local peers (fake Vantage)
    }
    cmd.addAll(o.extraArgs());
    Path out = o.logDir().resolve(o.logName() + ".stdout.log");
    Path err = o.logDir().resolve(o.logName() + ".stderr.log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(o.logDir().toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    // Hermetic: nothing from the caller's environment may steer the operator.
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("COSTCRED_")
                    || k.startsWith("KUBERNETES_")
                    || k.startsWith("POD_")
                    || k.equals("JAVA_TOOL_OPTIONS"));
    env.keySet()
        .removeIf(k -> k.startsWith("AWS_") || k.startsWith("VAULT_") || k.startsWith("BAO_"));
    env.putAll(o.env());
    env.put("KUBECONFIG", o.kubeconfig().toString());
    try {
      Process p = pb.start();
      LIVE.add(p);
      LOG.info(
          "started operator {} (pid {}, port {}{})",
          o.identity(),
          p.pid(),
          port,
          o.failpoint() == null ? "" : ", failpoint " + o.failpoint());
      return new OperatorProcess(o.identity(), p, out, err, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String identity() {
    return identity;
  }

  /** The exit code, or null while the process runs. */
  public Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to end; returns its exit code, or fails after {@code timeout}. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "operator " + identity + " still running after " + timeout + "; log tail:\n" + tail());
      }
      LIVE.remove(process);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** True once {@code /readyz} answers 200 (operator started, informers synced). */
  public boolean ready() {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
              .timeout(Duration.ofSeconds(2))
              .build();
      return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Everything the process wrote so far, stdout then stderr. */
  public String output() {
    try {
      return Files.readString(stdout, StandardCharsets.UTF_8)
          + Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String tail() {
    String all = output();
    return all.length() <= 4000 ? all : all.substring(all.length() - 4000);
  }

  /** Like SIGKILL: no shutdown hooks, the lease is not released. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LIVE.remove(process);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    LIVE.remove(process);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
