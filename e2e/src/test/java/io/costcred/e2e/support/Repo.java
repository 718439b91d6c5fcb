package io.costcred.e2e.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Files of the repository the suite uses: the operator's runnable jar, the chart, samples. */
public final class Repo {
  private static final Logger LOG = LoggerFactory.getLogger(Repo.class);

  private Repo() {}

  public static Path dir() {
    return Path.of(System.getProperty("costcred.repo.dir", "..")).toAbsolutePath().normalize();
  }

  public static Path path(String relative) {
    return dir().resolve(relative);
  }

  public static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The packaged operator (with lib/ beside it); the suite never builds it itself. It is copied
   * once per run, so that every process of the run starts the same build even when the operator is
   * rebuilt meanwhile (a JVM loads classes lazily from its jar: replacing the jar under a running
   * operator breaks it).
   */
  public static synchronized Path operatorJar() {
    if (snapshot == null) {
      snapshot = snapshot(builtJar(), outDir().resolve("operator-under-test"));
    }
    return snapshot;
  }

  private static Path snapshot;

  private static Path builtJar() {
    Path jar =
        Path.of(
                System.getProperty(
                    "costcred.operator.jar",
                    path("operator/target/costcred-operator.jar").toString()))
            .toAbsolutePath()
            .normalize();
    if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
      fail(
          "no runnable operator at "
              + jar
              + ": build it first with `mvn -B -pl operator,fake-vantage -am -DskipTests install`");
    }
    return jar;
  }

  private static Path snapshot(Path jar, Path dir) {
    try {
      deleteTree(dir);
      Files.createDirectories(dir.resolve("lib"));
      try (Stream<Path> libs = Files.list(jar.resolveSibling("lib"))) {
        for (Path lib : libs.toList()) {
          Files.copy(lib, dir.resolve("lib").resolve(lib.getFileName()));
        }
      }
      Path copy = dir.resolve(jar.getFileName());
      Files.copy(jar, copy, StandardCopyOption.COPY_ATTRIBUTES);
      LOG.info("operator under test: {} (built {})", jar, Files.getLastModifiedTime(jar));
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a directory and everything below it; nothing when it does not exist. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Where the suite writes process output and kubeconfigs: e2e/target/e2e/. */
  public static Path outDir() {
    Path out = Path.of(System.getProperty("costcred.e2e.out", "target/e2e")).toAbsolutePath();
    try {
      return Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
