package io.costcred.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.costcred.kubectl.CredentialView.Token;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RevocationState;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubectl costcred describe NAME}. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = {
      "Show one CostCredential: current token handle, conditions, pending revocations (and why"
          + " one is held), consumers, the last 10 rotations and the last emergency rotation."
          + " Token values are never in status."
    })
public final class DescribeCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The CostCredential.")
  String name;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description =
          "table (default: human-readable, with Events), wide (all history entries), json or yaml"
              + " (the object as stored).")
  Output output;

  @Override
  public Integer call() {
    CredentialView v = api().get(namespace(), name);
    if (output.structured()) {
      Printer.print(api(), out(), output, v.root());
      return ExitCodes.OK;
    }
    print(v, now(), out(), output == Output.wide ? Integer.MAX_VALUE : 10);
    DescribeEvents.print(api(), v, now(), out());
    return ExitCodes.OK;
  }

  /** The human-readable description, without Events. */
  static void print(CredentialView v, Instant now, PrintWriter out) {
    print(v, now, out, 10);
  }

  /** The human-readable description with at most {@code historyRows} history entries. */
  static void print(CredentialView v, Instant now, PrintWriter out, int historyRows) {
    summary(v, now).print(out, "");
    token(out, "Current Token", v.currentToken().orElse(null), now);
    token(out, "Pending Token", v.pendingToken().orElse(null), now);
    rotation(out, v, now);
    request(out, v);
    conditions(out, v, now);
    revocations(out, v, now);
    consumers(out, v);
    stores(out, v, now);
    history(out, v, historyRows);
    emergency(out, v, now);
  }

  private static Fields summary(CredentialView v, Instant now) {
    Fields f = new Fields();
    f.add("Name", v.name()).add("Namespace", v.namespace()).add("Provider", v.provider());
    f.add(Reasons.READY, ready(v));
    f.add("Revision", String.valueOf(v.revision()));
    f.add("Last Rotated", Times.withRelative(v.status("lastRotationTime"), now));
    f.add("Next Rotation", Times.withRelative(v.status("nextRotationTime"), now));
    Long pool = v.poolRemaining();
    f.add(
        "Pool Remaining",
        (pool == null ? "unknown" : String.valueOf(pool))
            + (v.poolSecretName() == null ? "" : " (Secret " + v.poolSecretName() + ")"));
    String reason = v.status("lastFailure", "reason");
    if (reason != null) {
      String message = v.status("lastFailure", "message");
      Long attempts = v.statusNumber("lastFailure", "attempts");
      String retryAt = v.status("lastFailure", "retryAt");
      f.add(
          "Last Failure",
          reason
              + (message == null || message.isEmpty() ? "" : ": " + message)
              + " at "
              + Times.withRelative(v.status("lastFailure", "time"), now)
              + (attempts == null ? "" : ", " + attempts + " consecutive failed attempt(s)")
              + (retryAt == null ? "" : ", next attempt " + Times.withRelative(retryAt, now)));
    }
    if (v.statusStale()) {
      f.add(
          "Warning",
          "status is for generation "
              + v.statusNumber("observedGeneration")
              + ", the spec is at generation "
              + v.generation()
              + " (the operator has not caught up)");
    }
    return f;
  }

  private static String ready(CredentialView v) {
    return v.condition(Reasons.READY)
        .map(c -> join(c.status(), c.reason() == null ? null : "(" + c.reason() + ")", c.message()))
        .orElse("Unknown (no status yet: is the operator running?)");
  }

  static void token(PrintWriter out, String title, Token t, Instant now) {
    if (t == null) {
      out.println(title + ":  <none>");
      return;
    }
    out.println(title + ":");
    new Fields()
        .add("ID", t.id())
        .add("Fingerprint", t.fingerprint())
        .addIfPresent("Description", t.description())
        .addIfPresent("Created", t.createdAt())
        .addIfPresent("Scopes", String.join(",", t.scopes()))
        .addIfPresent("Rotation ID", t.rotationId())
        .add("Obtained", Times.withRelative(t.obtainedAt(), now))
        .add("Verified", Times.withRelative(t.verifiedAt(), now))
        .print(out, "  ");
  }

  private static void rotation(PrintWriter out, CredentialView v, Instant now) {
    if (v.rotation().isEmpty()) {
      out.println("Rotation In Progress:  <none>");
      return;
    }
    JsonNode r = v.rotation().get();
    out.println("Rotation In Progress:");
    Fields f =
        new Fields()
            .add("ID", Json.text(r, "id"))
            .add("Trigger", Json.text(r, "trigger"))
            .add(
                "Phase",
                Json.text(r, "phase")
                    + " since "
                    + Times.withRelative(Json.text(r, "phaseSince"), now))
            .add("Started", Times.withRelative(Json.text(r, "startedAt"), now))
            .addIfPresent("Requested By", Json.text(r, "requestedBy"))
            .addIfPresent("Reason", Json.text(r, "reason"));
    Boolean revoked = Json.bool(r, "compromisedTokenRevoked");
    if (revoked != null) {
      f.add("Compromised Token Handled", String.valueOf(revoked));
    }
    f.print(out, "  ");
    List<JsonNode> targets = Json.list(r, "targets");
    if (!targets.isEmpty()) {
      Table t = new Table("KIND", "NAME", "ROLLED OUT", "MESSAGE");
      targets.forEach(
          x ->
              t.row(
                  Json.text(x, "kind"),
                  Json.text(x, "name"),
                  String.valueOf(Boolean.TRUE.equals(Json.bool(x, "rolledOut"))),
                  Json.text(x, "message")));
      out.println("  Targets:");
      t.print(out, "    ");
    }
  }

  private static void request(PrintWriter out, CredentialView v) {
    var req = v.requestedRotation();
    if (req.isEmpty()) {
      out.println("Rotation Request:  <none>");
      return;
    }
    var r = req.get();
    boolean handled = r.id().equals(v.handledStatusRequest());
    out.println("Rotation Request:");
    new Fields()
        .add("ID", r.id())
        .add("State", handled ? "handled" : "pending (not yet acted on by the operator)")
        .add("Emergency", String.valueOf(r.emergency()))
        .addIfPresent("Reason", r.reason())
        .addIfPresent("Requested By", r.requestedBy())
        .addIfPresent("Requested At", r.requestedAt())
        .print(out, "  ");
  }

  private static void conditions(PrintWriter out, CredentialView v, Instant now) {
    var conditions = v.conditions();
    if (conditions.isEmpty()) {
      out.println("Conditions:  <none>");
      return;
    }
    Table t = new Table("TYPE", "STATUS", "REASON", "AGE", "MESSAGE");
    conditions.forEach(
        c ->
            t.row(
                c.type(),
                c.status(),
                c.reason(),
                Times.age(c.lastTransitionTime(), now),
                c.message()));
    out.println("Conditions:");
    t.print(out, "  ");
  }

  private static void revocations(PrintWriter out, CredentialView v, Instant now) {
    var list = v.pendingRevocations();
    if (list.isEmpty()) {
      out.println("Pending Revocations:  <none>");
      return;
    }
    Table t =
        new Table(
            "TOKEN", "FINGERPRINT", "DESCRIPTION", "REASON", "STATE", "DEADLINE", "REQUIRED SINCE");
    for (var p : list) {
      Token tok = p.token().orElse(null);
      t.row(
          tok == null ? "?" : tok.id(),
          tok == null ? null : tok.fingerprint(),
          tok == null ? null : tok.description(),
          p.reason(),
          p.state(),
          Times.withRelative(p.deadline(), now),
          Times.withRelative(p.requiredSince(), now));
    }
    out.println("Pending Revocations:");
    t.print(out, "  ");
    if (v.manualRevocations() > 0) {
      out.println(
          "  Revoke the "
              + RevocationState.AwaitingManualRevocation
              + " tokens in the provider console (Vantage has no revoke API); the operator polls"
              + " them until they answer 401.");
    }
    ConsumersReport.held(v, now, out, "  ");
  }

  /** The consumers table (details: {@code kubectl costcred consumers NAME}). */
  private static void consumers(PrintWriter out, CredentialView v) {
    var consumers = v.consumers();
    if (consumers.isEmpty() && v.consumersOmitted() == 0) {
      out.println("Consumers:  <none>");
      return;
    }
    out.println("Consumers:");
    ConsumersReport.table(consumers).print(out, "  ");
    String footer = ConsumersReport.omittedLine(v.consumersOmitted());
    if (footer != null) {
      out.println("  " + footer);
    }
  }

  private static void stores(PrintWriter out, CredentialView v, Instant now) {
    var stores = v.stores();
    if (stores.isEmpty()) {
      return;
    }
    Table t = new Table("STORE", "FINGERPRINT", "PUBLISHED");
    stores.forEach(
        s ->
            t.row(
                Json.text(s, "store"),
                Json.text(s, "fingerprint"),
                Times.withRelative(Json.text(s, "publishedAt"), now)));
    out.println("Stores:");
    t.print(out, "  ");
  }

  private static void history(PrintWriter out, CredentialView v, int rows) {
    List<JsonNode> h = v.history();
    if (h.isEmpty()) {
      out.println("History:  <none>");
      return;
    }
    Table t =
        new Table(
            "ROTATION ID",
            "TRIGGER",
            "OUTCOME",
            "STARTED",
            "COMPLETED",
            "DURATION",
            "ROLLOUT",
            "MESSAGE");
    h.stream()
        .limit(rows)
        .forEach(
            r ->
                t.row(
                    Json.text(r, "rotationId"),
                    Json.text(r, "trigger"),
                    Json.text(r, "outcome"),
                    Json.text(r, "startedAt"),
                    Json.text(r, "completedAt"),
                    Times.millis(Json.number(r, "durationMillis")),
                    Times.millis(Json.number(r, "rolloutMillis")),
                    Json.text(r, "message")));
    out.println("History (newest first, last " + Math.min(rows, h.size()) + "):");
    t.print(out, "  ");
  }

  private static void emergency(PrintWriter out, CredentialView v, Instant now) {
    if (v.lastEmergency().isEmpty()) {
      out.println("Last Emergency Rotation:  <none>");
      return;
    }
    JsonNode e = v.lastEmergency().get();
    out.println("Last Emergency Rotation:");
    new Fields()
        .add("Requested At", Times.withRelative(Json.text(e, "requestedAt"), now))
        .add("Requested By", Json.text(e, "requestedBy"))
        .add("Reason", Json.text(e, "reason"))
        .add(
            "Compromised Token",
            Token.from(Json.at(e, "compromisedToken")).map(Token::summary).orElse(null))
        .add("Revocation", Json.text(e, "revocation"))
        .add("Revoked At", Times.withRelative(Json.text(e, "revokedAt"), now))
        .add("Completed At", Times.withRelative(Json.text(e, "completedAt"), now))
        .add("Outcome", Json.text(e, "outcome"))
        .print(out, "  ");
  }

  private static String join(String... parts) {
    StringBuilder b = new StringBuilder();
    for (String p : parts) {
      if (p != null && !p.isBlank()) {
        if (b.length() > 0) {
          b.append(' ');
        }
        b.append(p);
      }
    }
    return b.toString();
  }
}
