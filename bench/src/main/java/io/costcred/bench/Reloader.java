package io.costcred.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Stakater Reloader as a separate process beside the operator, for the side-by-side restart
 * comparison. {@code hack/build-reloader.sh} builds it from its Go module ({@code make bench} runs
 * it first); the binary is whatever {@code --reloader-bin}, {@code RELOADER_BIN} or the newest
 * {@code ~/.cache/costcred/reloader/<version>/reloader} names. A binary that listens on anything
 * but 127.0.0.1 is stopped at once ({@link Listeners}).
 */
final class Reloader implements AutoCloseable {
  static final String SECRET_ANNOTATION = "secret.reloader.stakater.com/reload";
  private final Process process;
  private final Path log;

  /** Where this process's lines start in {@link #log}, which earlier runs may have written. */
  private final long logStart;

  private final Thread hook = new Thread(this::stop, "reloader-stop");

  private Reloader(Process process, Path log, long logStart) {
    this.process = process;
    this.log = log;
    this.logStart = logStart;
  }

  /** The Reloader binary to use, or null when none is configured or cached. */
  static Path find(Options o) {
    if (o.withoutReloader) {
      return null;
    }
    List<Path> candidates = new ArrayList<>();
    if (o.reloaderBin != null) {
      candidates.add(o.reloaderBin);
    }
    String env = System.getenv("RELOADER_BIN");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    String cache = System.getenv("COSTCRED_CACHE");
    Path root =
        cache == null || cache.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "costcred")
            : Path.of(cache);
    candidates.addAll(cached(root.resolve("reloader")));
    for (Path p : candidates) {
      if (Files.isExecutable(p)) {
        return p.toAbsolutePath();
      }
    }
    return null;
  }

  /** The binaries hack/build-reloader.sh left under {@code dir}, newest version first. */
  private static List<Path> cached(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> versions = Files.list(dir)) {
      return versions
          .map(v -> v.resolve("reloader"))
          .filter(Files::isExecutable)
          .sorted(Comparator.comparing((Path p) -> version(p.getParent())).reversed())
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** A directory name such as 1.4.22 as comparable numbers (10 sorts after 9). */
  private static String version(Path dir) {
    StringBuilder out = new StringBuilder();
    for (String part : dir.getFileName().toString().split("\\.")) {
      out.append(String.format("%08d", part.matches("\\d{1,8}") ? Integer.parseInt(part) : 0));
    }
    return out.toString();
  }

  /** Starts Reloader watching only the given namespaces, with the cluster's kubeconfig. */
  static Reloader start(Path bin, Path kubeconfig, List<String> namespaces, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(bin.toString());
    cmd.add("--namespaces=" + String.join(",", namespaces));
    cmd.add("--resources-to-ignore=configmaps");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().remove("KUBERNETES_NAMESPACE");
    // One line per collection on stderr (the log): the live heap, read by GoGcTrace.
    pb.environment().put("GODEBUG", "gctrace=1");
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    Reloader r = new Reloader(pb.start(), log, logStart);
    // Ctrl-C or SIGTERM skips the phase's try-with-resources: the process must not outlive us.
    Runtime.getRuntime().addShutdownHook(r.hook);
    Bench.log("reloader started: pid " + r.pid() + " (" + bin + "), log " + log);
    return r;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /**
   * Its live heap after its last collection ({@link GoGcTrace}), from this process's lines only:
   * empty rather than an earlier run's figure.
   */
  OptionalLong liveHeapBytes() throws IOException {
    byte[] all = Files.readAllBytes(log);
    int from = (int) Math.min(logStart, all.length);
    String mine = new String(all, from, all.length - from, StandardCharsets.UTF_8);
    return GoGcTrace.lastLiveHeapBytes(mine.lines().toList());
  }

  /**
   * Refuses a Reloader that listens beyond loopback: upstream binds its metrics server to :9090.
   * Waits until it listens at all (its HTTP server starts with the controllers).
   */
  void checkLoopbackOnly() throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    List<String> listening = Listeners.of(pid());
    while (listening.isEmpty() && System.nanoTime() < deadline && alive()) {
      Thread.sleep(200);
      listening = Listeners.of(pid());
    }
    List<String> wide = Listeners.notLoopback(listening);
    if (!wide.isEmpty()) {
      close();
      throw new IllegalStateException(
          "Reloader listens on "
              + wide
              + ": the bench runs test servers on 127.0.0.1 only; use a build whose listen"
              + " address is 127.0.0.1 (bench/README.md)");
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs (or ran) stop()
    }
    stop();
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
