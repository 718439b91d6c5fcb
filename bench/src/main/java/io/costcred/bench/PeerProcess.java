package io.costcred.bench;

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

/**
 * A local peer server (OpenBao, moto) started by the bench from the peer cache that the hack/
 * scripts fill: its output in the bench's work dir, stopped with its child processes on close. (The
 * operator module's test launchers do the same; the bench does not depend on test classes.)
 */
class PeerProcess implements AutoCloseable {
  /** HTTP/1.1 with keep-alive: the bench polls the peers every few milliseconds. */
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final String name;
  private final Process process;
  private final Path log;

  PeerProcess(String name, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    this.name = name;
    this.log = log;
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().putAll(env);
    this.process = pb.start();
    Bench.log(name + " started: pid " + process.pid() + ", log " + log);
  }

  /** Root of the peer cache: {@code $COSTCRED_CACHE}, else {@code ~/.cache/costcred}. */
  static Path cacheRoot() {
    String env = System.getenv("COSTCRED_CACHE");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "costcred");
  }

  /** A binary a hack/ script put into the cache, or a failure naming the script to run. */
  static Path requireBinary(Path binary, String script) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary + " is missing: run " + script + " (or make bench, which runs it)");
    }
    return binary;
  }

  /** First capture group of a pattern in a repository file (a pinned version). */
  static String fromRepoFile(Path repo, String relative, String regex) throws IOException {
    Path file = repo.resolve(relative);
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(file));
    if (!m.find()) {
      throw new IllegalStateException("no match for " + regex + " in " + file);
    }
    return m.group(1);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Polls {@code url} until {@code ready} accepts the status code; fails if the process exits. */
  void awaitHttp(URI url, String method, IntPredicate ready, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + "; see " + log);
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
        throw new IOException("interrupted while waiting for " + name, e);
      }
      sleep(50);
    }
    throw new IOException(name + " did not become ready in " + timeout + "; see " + log);
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** Stops the process and its children (TERM, then KILL after 5 s); idempotent. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    Bench.log(name + " stopped");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
