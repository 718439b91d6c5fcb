package io.costcred.kubectl;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Runs the plugin in-process against a given client, capturing stdout, stderr and exit code. */
final class Cli {
  static final Instant NOW = Instant.parse("2026-01-20T09:02:05Z");

  private Cli() {}

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Result run(KubernetesClient client, String... args) {
    return run(client, Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  static Result run(KubernetesClient client, Clock clock, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CostcredCommand root = new CostcredCommand((kubeconfig, context) -> client, clock);
    int code = Main.run(root, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }
}
