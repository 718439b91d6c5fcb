package io.costcred.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local test server process: found in the peer cache built by the hack/ scripts, started on a
 * free 127.0.0.1 port, its output kept in {@code target/peers/} (or a directory the caller names),
 * stopped (and its process tree killed) on close or at JVM exit. Used by the operator's tests, e2e/
 * and bench/.
 */
public class PeerProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerProcess.class);

  /** HTTP/1.1 with keep-alive: the bench polls the peers every few milliseconds. */
  protected static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final String name;
  private final Process process;
  private final Path log;
  private final Thread hook;

  protected PeerProcess(String name, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    this.name = name;
    this.log = log;
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().putAll(env);
    this.process = pb.start();
    this.hook = new Thread(this::kill, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(hook);
    LOG.info("{} started: pid {}, log {}", name, process.pid(), log);
  }

  /** Root of the peer cache: {@code $COSTCRED_CACHE}, else {@code ~/.cache/costcred}. */
  public static Path cacheRoot() {
    String env = System.getenv("COSTCRED_CACHE");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "costcred");
  }

  /**
   * The repository root: the system property {@code costcred.repo.dir} when set (the builds set
   * it), else the directory holding hack/, searched upwards from the working dir.
   */
  public static Path repoRoot() {
    String configured = System.getProperty("costcred.repo.dir");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("hack"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root (a directory with hack/)");
    }
    return p;
  }

  /** A binary built by a hack/ script; a missing one fails the test with what to run. */
  protected static Path requireBinary(Path binary, String script) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary
              + " is missing: run "
              + script
              + " first (it puts this test peer into $COSTCRED_CACHE, default ~/.cache/costcred)");
    }
    return binary;
  }

  /** First capture group of a pattern in a repository file (e.g. a pinned version). */
  protected static String fromRepoFile(String relative, String regex) {
    Path file = repoRoot().resolve(relative);
    try {
      Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(file));
      if (m.find()) {
        return m.group(1);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
    throw new IllegalStateException("no match for " + regex + " in " + file);
  }

  /** A free TCP port on 127.0.0.1 (free when asked: another process may take it). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** {@code <dir>/<name>.log}, the default dir being {@code target/peers} of the working dir. */
  protected static Path logFile(Path dir, String name) {
    Path base = dir != null ? dir : Path.of("target", "peers");
    return base.resolve(name + ".log").toAbsolutePath();
  }

  /** Polls {@code url} until {@code ready} accepts its status code, or fails with the log tail. */
  protected void awaitHttp(URI url, String method, IntPredicate ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + tail());
      }
      try {
        HttpRequest req =
            HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(2))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        if (ready.test(HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode())) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
      sleep(50);
    }
    close();
    throw new IllegalStateException(name + " did not become ready in " + timeout + tail());
  }

  /** Last lines of the output, without lines that print tokens or keys of the dev server. */
  protected String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return "\n--- last lines of "
          + log
          + " ---\n"
          + lines.subList(Math.max(0, lines.size() - 25), lines.size()).stream()
              .filter(l -> !l.contains("Token") && !l.contains("Unseal Key"))
              .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      return "";
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** The file with the process's output. */
  public Path log() {
    return log;
  }

  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException ignored) {
      // the JVM is already shutting down
    }
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  protected static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
