package io.costcred.kubectl;

import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubectl costcred list}. */
@Command(
    name = "list",
    aliases = {"ls"},
    mixinStandardHelpOptions = true,
    description = {
      "List CostCredentials: readiness, token age, next rotation, pending revocations, pool.",
    })
public final class ListCommand extends Subcommand {
  @Option(
      names = {"-A", "--all-namespaces"},
      description = "List CostCredentials of every namespace (wins over -n).")
  boolean allNamespaces;

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "SELECTOR",
      description = "Label selector, e.g. team=finops,env!=dev.")
  String selector;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description =
          "table (default), wide (adds the Ready reason, revision and last rotation time), json"
              + " or yaml.")
  Output output;

  @Override
  public Integer call() {
    String ns = allNamespaces ? null : namespace();
    List<CredentialView> items = api().list(ns, selector);
    if (output.structured()) {
      Printer.printList(api(), out(), output, items);
      return ExitCodes.OK;
    }
    if (items.isEmpty()) {
      err()
          .println(
              ns == null ? "No resources found" : "No resources found in " + ns + " namespace.");
      return ExitCodes.OK;
    }
    (output == Output.wide ? wide(items, now()) : table(items, now())).print(out());
    return ExitCodes.OK;
  }

  /** The table, one row per CostCredential. */
  static Table table(List<CredentialView> items, Instant now) {
    Table t =
        new Table(
            "NAMESPACE",
            "NAME",
            "READY",
            "PROVIDER",
            "TOKEN AGE",
            "NEXT ROTATION",
            "PENDING REVOCATION",
            "POOL");
    for (CredentialView v : items) {
      t.row(
          v.namespace(),
          v.name(),
          v.ready(),
          v.provider(),
          Times.age(v.status("lastRotationTime"), now),
          nextRotation(v, now),
          pendingRevocations(v),
          v.poolRemaining() == null ? "-" : String.valueOf(v.poolRemaining()));
    }
    return t;
  }

  /** The wide table: the columns of {@link #table} and the Ready reason, revision, last rotated. */
  static Table wide(List<CredentialView> items, Instant now) {
    Table t =
        new Table(
            "NAMESPACE",
            "NAME",
            "READY",
            "REASON",
            "PROVIDER",
            "REVISION",
            "LAST ROTATED",
            "TOKEN AGE",
            "NEXT ROTATION",
            "PENDING REVOCATION",
            "POOL");
    for (CredentialView v : items) {
      t.row(
          v.namespace(),
          v.name(),
          v.ready(),
          v.condition(io.costcred.operator.api.v1alpha1.Reasons.READY)
              .map(CredentialView.Condition::reason)
              .orElse(null),
          v.provider(),
          String.valueOf(v.revision()),
          v.status("lastRotationTime"),
          Times.age(v.status("lastRotationTime"), now),
          nextRotation(v, now),
          pendingRevocations(v),
          v.poolRemaining() == null ? "-" : String.valueOf(v.poolRemaining()));
    }
    return t;
  }

  /** A running rotation shows its phase; otherwise when the next scheduled one is due. */
  static String nextRotation(CredentialView v, Instant now) {
    var rotation = v.rotation();
    if (rotation.isPresent()) {
      String trigger = Json.text(rotation.get(), "trigger");
      String phase = Json.text(rotation.get(), "phase");
      return "running: " + (trigger == null ? "" : trigger + " ") + (phase == null ? "?" : phase);
    }
    String next = v.status("nextRotationTime");
    Instant t = Times.parse(next);
    if (t == null) {
      return "-";
    }
    return t.isAfter(now)
        ? next + " (in " + Times.human(java.time.Duration.between(now, t)) + ")"
        : next + " (due)";
  }

  /** {@code 0}, {@code 2}, or {@code 2 (1 manual)} when some await manual revocation. */
  static String pendingRevocations(CredentialView v) {
    int n = v.pendingRevocations().size();
    long manual = v.manualRevocations();
    return manual == 0 ? String.valueOf(n) : n + " (" + manual + " manual)";
  }
}
