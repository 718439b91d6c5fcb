package io.costcred.kubectl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kubectl costcred verify NAME}: the current token's verification state as the operator
 * reports it. Exit 0 when Ready=True, 1 otherwise. It does not call the provider: the operator
 * re-verifies the token every {@code reverifyInterval}.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Show the current token's verification state as the operator reports it: the Ready"
          + " condition, currentToken.verifiedAt, and pending rotations and revocations.",
      "Exit code 0 when Ready=True, 1 otherwise. It does not call the provider itself: the"
          + " operator re-verifies the token every spec.provider.vantage.reverifyInterval."
    })
public final class VerifyCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The CostCredential.")
  String name;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description =
          "table (default; wide is the same), json or yaml: the verdict and the status fields it"
              + " rests on, as stored. The exit code is the same in every format.")
  Output output;

  @Override
  public Integer call() {
    CredentialView v = api().get(namespace(), name);
    if (output.structured()) {
      boolean ok = v.condition(Reasons.READY).map(CredentialView.Condition::isTrue).orElse(false);
      Printer.print(api(), out(), output, structured(v, ok));
      return ok ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
    Instant now = now();
    Fields f = new Fields();
    f.add("CostCredential", v.namespace() + "/" + v.name());
    var ready = v.condition(Reasons.READY);
    f.add(
        Reasons.READY,
        ready
            .map(
                c ->
                    c.status()
                        + " ("
                        + c.reason()
                        + ") "
                        + (c.message() == null ? "" : c.message()))
            .orElse("Unknown: no Ready condition (has the operator reconciled it?)"));
    var token = v.currentToken();
    f.add("Current Token", token.map(CredentialView.Token::summary).orElse("<none>"));
    f.add("Verified At", token.map(t -> Times.withRelative(t.verifiedAt(), now)).orElse("-"));
    f.add(
        "Re-verified",
        "by the operator every "
            + v.reverifyInterval()
            + " (verifiedAt is not"
            + " refreshed by re-verification; a rejection shows as Degraded and a rotation)");
    v.condition(Reasons.DEGRADED)
        .ifPresent(
            c ->
                f.add(
                    Reasons.DEGRADED,
                    c.status()
                        + " ("
                        + c.reason()
                        + ")"
                        + (c.isTrue() && c.message() != null ? " " + c.message() : "")));
    f.add(
        "Rotation",
        v.rotation()
            .map(
                r -> "in progress: " + Json.text(r, "trigger") + ", phase " + Json.text(r, "phase"))
            .orElse("none in progress"));
    f.add(
        "Rotation Request",
        v.openRequest()
            .map(
                r ->
                    "pending "
                        + (r.emergency() ? "emergency " : "")
                        + r.id()
                        + " by "
                        + r.requestedBy())
            .orElse("none pending"));
    int pending = v.pendingRevocations().size();
    long manual = v.manualRevocations();
    f.add(
        "Revocations",
        pending == 0
            ? "none pending"
            : pending
                + " pending"
                + (manual == 0 ? "" : ", " + manual + " awaiting manual revocation"));
    warnIfReplacingRejected(v, f);
    if (v.statusStale()) {
      f.add("Warning", "status is older than the spec (observedGeneration < generation)");
    }
    boolean ok = ready.map(CredentialView.Condition::isTrue).orElse(false);
    f.add("Result", ok ? "OK" : "NOT READY");
    f.print(out(), "");
    return ok ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }

  /** The {@code -o json|yaml} document: the verdict and the status fields it rests on. */
  static ObjectNode structured(CredentialView v, boolean ok) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("name", v.name()).put("namespace", v.namespace());
    o.put("result", ok ? "OK" : "NOT READY").put("ready", ok);
    o.set("conditions", Json.at(v.status(), "conditions"));
    o.set("currentToken", Json.at(v.status(), "currentToken"));
    o.put("reverifyInterval", v.reverifyInterval());
    o.set("rotation", v.rotation().orElse(null));
    o.set(
        "openRequest",
        v.openRequest().isPresent() ? Json.at(v.status(), "requestedRotation") : null);
    o.put("pendingRevocations", v.pendingRevocations().size());
    o.put("awaitingManualRevocation", v.manualRevocations());
    o.put("statusStale", v.statusStale());
    return o;
  }

  /** Re-verification rejected the current token and the rotation replacing it still runs. */
  private static void warnIfReplacingRejected(CredentialView v, Fields f) {
    boolean rejected =
        v.rotation()
            .map(r -> RotationTrigger.CurrentTokenRejected.name().equals(Json.text(r, "trigger")))
            .orElse(false);
    if (rejected) {
      f.add(
          "Warning",
          "re-verification rejected the current token; a "
              + RotationTrigger.CurrentTokenRejected
              + " rotation is replacing it (Ready is False, CurrentTokenInvalid, until it completes)");
    }
  }
}
