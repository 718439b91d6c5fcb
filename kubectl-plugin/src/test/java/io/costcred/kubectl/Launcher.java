package io.costcred.kubectl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/kubectl-costcred} (and so the shaded jar) as its own process. */
final class Launcher {
  private Launcher() {}

  static Path pluginDir() {
    return Path.of(System.getProperty("costcred.plugin.dir", ".")).toAbsolutePath().normalize();
  }

  static Path script() {
    return pluginDir().resolve("bin/kubectl-costcred");
  }

  static Cli.Result run(String... args) throws IOException, InterruptedException {
    return runScript(script(), args);
  }

  static Cli.Result runScript(Path script, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("kubectl-costcred", ".out");
    Path err = Files.createTempFile("kubectl-costcred", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("KUBECONFIG"); // only --kubeconfig counts
    pb.environment().remove("COSTCRED_KUBECTL_JAR");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl-costcred " + String.join(" ", args) + " hung");
    }
    try {
      return new Cli.Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
