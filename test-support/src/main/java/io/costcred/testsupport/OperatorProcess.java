package io.costcred.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * HTTP endpoints on 127.0.0.1 at a free port, its output captured to files, its environment cleaned
 * of anything that could steer it. Every process still running when the JVM exits is killed by a
 * shutdown hook. Used by e2e/ and bench/.
 */
public final class OperatorProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorProcess.class);
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-operator-processes"));
  }

  /**
   * What to start. {@code jvmOptions} come before {@code -jar}; {@code args} after the HTTP flags
   * (which this class sets); {@code env} is added to the cleaned environment. {@code stderr} null
   * writes both streams to {@code stdout}; {@code workDir} null is the caller's.
   */
  public record Launch(
      String name,
      Path jar,
      Path kubeconfig,
      List<String> jvmOptions,
      List<String> args,
      Map<String, String> env,
      Path stdout,
      Path stderr,
      Path workDir) {}

  private final String name;
  private final Process process;
  private final Launch launch;
  private final List<String> command;
  private final int httpPort;
  private final long startNanos;

  private OperatorProcess(
      Launch launch, Process process, List<String> command, int httpPort, long startNanos) {
    this.name = launch.name();
    this.launch = launch;
    this.process = process;
    this.command = command;
    this.httpPort = httpPort;
    this.startNanos = startNanos;
  }

  /**
   * The java launcher for the operator: system property {@value #JAVA_PROPERTY} if set (e.g. a
   * newer JDK running the same Java 17 jar), else this JVM's.
   */
  public static String javaBinary() {
    String java = System.getProperty(JAVA_PROPERTY, "");
    return java.isBlank()
        ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
        : java;
  }

  /** System property naming the java binary that starts the operator. */
  public static final String JAVA_PROPERTY = "costcred.operator.java";

  public static OperatorProcess start(Launch l) {
    int port;
    try {
      port = PeerProcess.freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(l.jvmOptions());
    cmd.addAll(List.of("-jar", l.jar().toString()));
    cmd.add("--http-bind=127.0.0.1");
    cmd.add("--http-port=" + port);
    cmd.addAll(l.args());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(l.stdout().toFile());
    if (l.stderr() == null) {
      pb.redirectErrorStream(true);
    } else {
      pb.redirectError(l.stderr().toFile());
    }
    if (l.workDir() != null) {
      pb.directory(l.workDir().toFile());
    }
    hermetic(pb.environment());
    pb.environment().putAll(l.env());
    pb.environment().put("KUBECONFIG", l.kubeconfig().toString());
    try {
      long t0 = System.nanoTime();
      Process p = pb.start();
      LIVE.add(p);
      LOG.info("started operator {} (pid {}, port {})", l.name(), p.pid(), port);
      return new OperatorProcess(l, p, List.copyOf(cmd), port, t0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Nothing from the caller's environment may steer the operator (namespaces, identity, keys). */
  private static void hermetic(Map<String, String> env) {
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("COSTCRED_")
                    || k.startsWith("KUBERNETES_")
                    || k.startsWith("POD_")
                    || k.startsWith("AWS_")
                    || k.startsWith("VAULT_")
                    || k.startsWith("BAO_")
                    || k.equals("JAVA_TOOL_OPTIONS"));
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public int httpPort() {
    return httpPort;
  }

  /** {@link System#nanoTime()} just before the process started. */
  public long startNanos() {
    return startNanos;
  }

  /** The command line (java, JVM options, jar, flags). */
  public List<String> command() {
    return command;
  }

  /** The file standard output (and, without a separate one, standard error) goes to. */
  public Path stdout() {
    return launch.stdout();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, or null while the process runs. */
  public Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /** Waits for the process to end; returns its exit code, or fails after {@code timeout}. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "operator " + name + " still running after " + timeout + "; log tail:\n" + tail());
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
    return get("/readyz", Duration.ofSeconds(2)) != null;
  }

  /** The body of a 200 answer to {@code GET path} on the operator's HTTP port; null otherwise. */
  public String get(String path, Duration timeout) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
              .timeout(timeout)
              .build();
      HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Everything the process wrote so far, stdout then stderr. */
  public String output() {
    try {
      String out = Files.readString(launch.stdout(), StandardCharsets.UTF_8);
      return launch.stderr() == null
          ? out
          : out + Files.readString(launch.stderr(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last 4,000 characters of {@link #output()}. */
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

  /** SIGTERM, as Kubernetes stops a pod; waits {@code grace} for the shutdown hook, then kills. */
  public void stop(Duration grace) {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("operator {} did not stop within {}; killing it", name, grace);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    kill();
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    LIVE.remove(process);
  }
}
