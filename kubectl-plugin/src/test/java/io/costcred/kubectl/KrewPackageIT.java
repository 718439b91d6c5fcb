package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mvn package} ships: the generated krew manifest names each archive with its real
 * sha256, the linux-amd64 archive's jlink runtime holds every module jdeps finds in the jar, and
 * its launcher runs on a machine without Java (no java on PATH, no JAVA_HOME) against the real
 * cluster.
 */
class KrewPackageIT {
  static final Path TARGET = Launcher.pluginDir().resolve("target");

  @TempDir static Path tmp;
  static Path unpacked;

  @BeforeAll
  static void unpack() throws Exception {
    unpacked = Files.createDirectories(tmp.resolve("store"));
    Path archive = archive("-linux-amd64.tar.gz");
    assertThat(
            run(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()), null).code())
        .isZero();
  }

  static Path archive(String suffix) throws IOException {
    try (var files = Files.list(TARGET)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("kubectl-costcred-"))
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(p -> suffix.startsWith("-") || !p.toString().endsWith("-linux-amd64.tar.gz"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no archive *" + suffix + " in " + TARGET));
    }
  }

  @Test
  void theGeneratedManifestCarriesTheSha256OfEachArchiveItNames() throws Exception {
    Path manifest = TARGET.resolve("krew/costcred.yaml");
    String text = Files.readString(manifest);
    assertThat(text).doesNotContain("@SHA256", "@VERSION@", "@ARCHIVE_BASE@", "@RELEASE_URL@");
    JsonNode plugin = new ObjectMapper(new YAMLFactory()).readTree(text);
    assertThat(plugin.path("kind").asText()).isEqualTo("Plugin");
    Set<String> archives = new TreeSet<>();
    for (JsonNode platform : plugin.at("/spec/platforms")) {
      String uri = platform.path("uri").asText();
      Path file = TARGET.resolve(uri.substring(uri.lastIndexOf('/') + 1));
      assertThat(file).exists();
      assertThat(platform.path("sha256").asText()).as(uri).isEqualTo(sha256(file));
      archives.add(file.getFileName().toString());
    }
    assertThat(archives)
        .containsExactlyInAnyOrder(
            archive("-linux-amd64.tar.gz").getFileName().toString(),
            archive(".tar.gz").getFileName().toString());
    JsonNode amd64 = plugin.at("/spec/platforms/0");
    assertThat(amd64.at("/selector/matchLabels/os").asText()).isEqualTo("linux");
    assertThat(amd64.at("/selector/matchLabels/arch").asText()).isEqualTo("amd64");
    assertThat(amd64.path("uri").asText()).endsWith("-linux-amd64.tar.gz");
  }

  @Test
  void theRuntimeImageHoldsEveryModuleJdepsFindsInTheJar() throws Exception {
    Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
    var r =
        run(
            List.of(
                jdeps.toString(),
                "--print-module-deps",
                "--ignore-missing-deps",
                "--multi-release",
                "17",
                TARGET.resolve("kubectl-costcred.jar").toString()),
            null);
    assertThat(r.code()).as(r.toString()).isZero();
    Set<String> needed = new TreeSet<>(List.of(r.out().trim().split(",")));
    String release = Files.readString(unpacked.resolve("runtime/release"));
    String modules =
        release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow();
    Set<String> present = new TreeSet<>(List.of(modules.replaceAll("MODULES=|\"", "").split(" ")));
    assertThat(present).containsAll(needed).contains("jdk.crypto.ec");
  }

  @Test
  void theBundledRuntimeRunsWithoutJavaOnThePath() throws Exception {
    Path noJava = Files.createDirectories(tmp.resolve("no-java-bin"));
    for (String tool : List.of("dirname", "readlink")) {
      Files.createSymbolicLink(noJava.resolve(tool), which(tool));
    }
    Path launcher = unpacked.resolve("kubectl-costcred");
    var probe = run(List.of("/bin/bash", "-c", "command -v java || echo none"), noJava);
    assertThat(probe.out().trim()).isEqualTo("none");
    var version = run(List.of("/bin/bash", launcher.toString(), "--version"), noJava);
    assertThat(version.code()).as(version.toString()).isZero();
    assertThat(version.out()).startsWith("kubectl-costcred ");
    var help = run(List.of("/bin/bash", launcher.toString(), "--help"), noJava);
    assertThat(help.code()).as(help.toString()).isZero();
    assertThat(help.out()).contains("rotate", "completion", "--as-group");
    // TLS to the real API server and YAML output with only the bundled modules.
    try (KubernetesClient admin = RealCluster.admin()) {
      RealCluster.installCrd(admin);
      String ns = RealCluster.freshNamespace(admin, "krew-runtime");
      try {
        Fixtures.create(admin, ns, "bundled");
        var list =
            run(
                List.of(
                    "/bin/bash",
                    launcher.toString(),
                    "--kubeconfig",
                    RealCluster.kubeconfig().toString(),
                    "-n",
                    ns,
                    "list",
                    "-o",
                    "yaml"),
                noJava);
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains("kind: \"List\"", "bundled");
      } finally {
        admin.namespaces().withName(ns).delete();
      }
    }
  }

  private static Path which(String tool) {
    for (String dir : List.of("/usr/bin", "/bin")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(tool + " not found");
  }

  static String sha256(Path file) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    return HexFormat.of().formatHex(d.digest(Files.readAllBytes(file)));
  }

  /** Runs a process; with {@code path} set, PATH is only that directory and JAVA_HOME is unset. */
  static Cli.Result run(List<String> cmd, Path path) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(new ArrayList<>(cmd))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    if (path != null) {
      env.remove("JAVA_HOME");
      env.remove("KUBECONFIG");
      env.remove("COSTCRED_KUBECTL_JAR");
      env.put("PATH", path.toString());
    }
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " hung");
    }
    return new Cli.Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
