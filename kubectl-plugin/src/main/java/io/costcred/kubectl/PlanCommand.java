package io.costcred.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubectl costcred plan NAME}: what the next rotation would do, without doing it. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Show what the next rotation would do, without doing it.",
      "When it starts (scheduled time, due now, requested, or suspended by spec.suspend), where"
          + " the new token comes from (minted by the provider API or taken from the pool"
          + " Secret, with the pool's size when your rights let the plugin read it), the stores it"
          + " is written to, the workloads restarted (declared and discovered), which old tokens"
          + " are revoked and when, and the operator's last ClusterRotationPolicy verdict.",
      "Read only: nothing is changed. Exit code 0; 3 when the CostCredential cannot be read."
    })
public final class PlanCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The CostCredential.")
  String name;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "table (default, text), json or yaml: the plan as one object.")
  Output output;

  @Override
  public Integer call() {
    Api api = api();
    CredentialView v = api.get(namespace(), name);
    JsonNode plan = PlanReport.build(v, now(), (ns, secret) -> poolKeys(api, ns, secret));
    if (output != Output.table) {
      Printer.print(api, out(), output, plan);
      return ExitCodes.OK;
    }
    print(plan, out());
    return ExitCodes.OK;
  }

  /**
   * The pool Secret's key count; empty when it is missing or not readable with the user's rights.
   */
  private static Optional<Integer> poolKeys(Api api, String namespace, String secret) {
    try {
      return api.secretKeys(namespace, secret).map(java.util.List::size);
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  static void print(JsonNode plan, PrintWriter out) {
    out.println(
        "Plan for CostCredential "
            + Json.text(plan, "namespace")
            + "/"
            + Json.text(plan, "name")
            + " (nothing is changed):");
    new Fields()
        .add("When", Json.text(plan, "when", "state") + ": " + Json.text(plan, "when", "message"))
        .add("Token source", Json.text(plan, "tokenSource", "message"))
        .print(out, "");
    out.println("Stores written:");
    list(out, Json.list(plan, "stores"), "kind", "location");
    out.println("Restarts:");
    for (JsonNode t : Json.list(plan, "restartTargets")) {
      out.println(
          "  "
              + line(t, "kind")
              + " "
              + line(t, "name")
              + " ("
              + line(t, "source")
              + "): "
              + line(t, "action"));
    }
    if (Json.list(plan, "restartTargets").isEmpty()) {
      out.println("  <none>");
    }
    out.println("Revocations:");
    JsonNode next = Json.at(plan, "revocations", "next");
    if (next != null) {
      out.println("  token " + line(next, "token") + " (current, after the rotation):");
      out.println("    when: " + line(next, "when"));
      out.println("    how:  " + line(next, "how"));
    }
    for (JsonNode p : Json.list(plan, "revocations", "pending")) {
      out.println(
          "  token "
              + line(p, "token")
              + " (pending, "
              + line(p, "reason")
              + "): "
              + line(p, "state")
              + ", deadline "
              + line(p, "deadline")
              + (Json.text(p, "heldBy") == null ? "" : ", held by " + line(p, "heldBy")));
    }
    JsonNode policy = Json.at(plan, "policy");
    new Fields()
        .add("Policy", line(policy, "verdict") + ": " + line(policy, "message"))
        .addIfPresent("Policy ref", Json.text(policy, "policyRef"))
        .print(out, "");
  }

  private static void list(PrintWriter out, java.util.List<JsonNode> items, String a, String b) {
    if (items.isEmpty()) {
      out.println("  <none>");
    }
    items.forEach(i -> out.println("  " + line(i, a) + " " + line(i, b)));
  }

  /** A status or spec value as one safe line (tenant-written text, no terminal escapes). */
  private static String line(JsonNode n, String field) {
    String s =
        io.costcred.operator.api.text.Text.safe(
            Json.text(n, field), io.costcred.operator.api.text.Text.LINE);
    return s == null || s.isBlank() ? "-" : s;
  }
}
