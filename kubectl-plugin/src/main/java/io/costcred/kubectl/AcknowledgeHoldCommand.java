package io.costcred.kubectl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costcred.kubectl.CredentialView.Revocation;
import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kubectl costcred acknowledge-hold NAME [--rotation ID]}: sets the annotation {@code
 * costcred.io/acknowledge-revocation-hold} so that a revocation held because the old token still
 * seems in use proceeds.
 */
@Command(
    name = "acknowledge-hold",
    mixinStandardHelpOptions = true,
    description = {
      "Let a revocation held on evidence of use proceed.",
      "Sets the annotation "
          + Annotations.ACKNOWLEDGE_HOLD
          + " to the rotation id of the revocation in state Held (or to --rotation), and "
          + Annotations.REQUESTED_BY
          + " to you as the API server knows you. The pods or key use that held it may then"
          + " break when the old token stops working.",
      "Needs get and patch on costcredentials (edit or admin; not the"
          + " costcred-emergency-rotator role).",
      "Exit code 0 when set (or already set); 1 when nothing is held and no --rotation is given;"
          + " 2 when several are held and no --rotation is given; 3 on API errors."
    })
public final class AcknowledgeHoldCommand extends Subcommand {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "NAME", description = "The CostCredential.")
  String name;

  @Option(
      names = "--rotation",
      paramLabel = "ID",
      description =
          "The rotation id (or token id) to acknowledge, from pendingRevocations[].token: needed"
              + " when several revocations are held, or to acknowledge one before it is held.")
  String rotation;

  @Override
  public Integer call() {
    if (rotation != null
        && (rotation.isBlank() || !rotation.equals(Text.safe(rotation, Text.NAME)))) {
      throw CliException.usage(
          "--rotation must be a rotation id or token id: one line, at most "
              + Text.NAME
              + " characters");
    }
    String ns = namespace();
    Api api = api();
    String user = null;
    for (int attempt = 1; attempt <= 5; attempt++) {
      CredentialView v = get(api, ns);
      Revocation target = target(v);
      String value = rotation != null ? rotation : target.acknowledgeValue();
      if (value.equals(v.annotation(Annotations.ACKNOWLEDGE_HOLD))) {
        out().println(Text.safe(alreadySet(ns, value), Text.LINE));
        return ExitCodes.OK;
      }
      if (attempt == 1) {
        user =
            whoAmI(
                    api,
                    "not setting "
                        + Annotations.REQUESTED_BY
                        + " (the API server's audit log still records who wrote the annotation)")
                .orElse(null);
      }
      try {
        api.patch(ns, name, patch(v.resourceVersion(), value, user));
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          continue; // changed since we read it: decide again
        }
        throw apiError("patch costcredential " + ns + "/" + name, e, ns);
      }
      printDone(ns, value, target, user);
      return ExitCodes.OK;
    }
    throw CliException.api("costcredential " + ns + "/" + name + " kept changing; try again");
  }

  /**
   * The held revocation to acknowledge; with {@code --rotation}, the pending revocation it names
   * (null, after a note, when none does: it may be acknowledged in advance).
   */
  Revocation target(CredentialView v) {
    if (rotation != null) {
      Revocation named =
          v.pendingRevocations().stream()
              .filter(r -> ConsumersReport.acknowledges(rotation, r))
              .findFirst()
              .orElse(null);
      if (named == null) {
        err()
            .println(
                Text.safe(
                    "note: no pending revocation of "
                        + v.namespace()
                        + "/"
                        + v.name()
                        + " has rotation id or token id \""
                        + rotation
                        + "\"; the annotation takes effect only when one does",
                    Text.LINE));
      }
      return named;
    }
    List<Revocation> held = v.heldRevocations();
    if (held.isEmpty()) {
      throw new CliException(
          ExitCodes.CHECK_FAILED,
          "no revocation of costcredential "
              + v.namespace()
              + "/"
              + v.name()
              + " is held: nothing to acknowledge (to acknowledge one before it is held, name it"
              + " with --rotation ID)");
    }
    if (held.size() > 1) {
      throw CliException.usage(
          Text.safe(
              held.size()
                  + " revocations are held; choose one with --rotation: "
                  + held.stream()
                      .map(r -> r.acknowledgeValue() + " (token " + r.tokenId() + ")")
                      .collect(Collectors.joining(", ")),
              Text.LINE));
    }
    Revocation only = held.get(0);
    if (only.acknowledgeValue() == null) {
      throw new CliException(
          ExitCodes.CHECK_FAILED,
          "the held revocation has no rotation id or token id in status; name it with --rotation");
    }
    return only;
  }

  private CredentialView get(Api api, String ns) {
    try {
      return api.get(ns, name);
    } catch (CliException e) {
      if (e.getCause() instanceof KubernetesClientException k) {
        throw apiError("get costcredential " + ns + "/" + name, k, ns);
      }
      throw e;
    }
  }

  /**
   * The annotation, and who asked when the API server said so; the read version as precondition.
   */
  static String patch(String resourceVersion, String value, String requestedBy) {
    ObjectNode body = MAPPER.createObjectNode();
    ObjectNode meta = body.putObject("metadata");
    if (resourceVersion != null) {
      meta.put("resourceVersion", resourceVersion);
    }
    ObjectNode annotations = meta.putObject("annotations");
    annotations.put(Annotations.ACKNOWLEDGE_HOLD, value);
    if (requestedBy != null) {
      annotations.put(Annotations.REQUESTED_BY, requestedBy);
    }
    return body.toString();
  }

  private String alreadySet(String ns, String value) {
    return "costcredential "
        + ns
        + "/"
        + name
        + " already has "
        + Annotations.ACKNOWLEDGE_HOLD
        + "="
        + value
        + "; nothing changed";
  }

  private void printDone(String ns, String value, Revocation target, String user) {
    out().println("Revocation hold acknowledged for costcredential " + ns + "/" + name);
    Fields f = new Fields().add("Annotation", Annotations.ACKNOWLEDGE_HOLD + "=" + value);
    if (target != null) {
      f.add("Token", target.tokenId())
          .add("State", target.state())
          .addIfPresent("Held Since", Times.withRelative(target.heldSince(), now()))
          .addIfPresent("Held By", target.heldBy());
    }
    f.add("Requested By", user == null ? "(unknown: not recorded)" : user).print(out(), "  ");
    out()
        .println(
            "The operator lets the held revocation that this id names proceed. Follow it with:"
                + " kubectl costcred consumers "
                + name
                + " -n "
                + ns);
  }

  static CliException apiError(String what, KubernetesClientException e, String ns) {
    if (e.getCode() != 403) {
      return Api.error(what, e);
    }
    return new CliException(
        ExitCodes.API_ERROR,
        Api.describe(what, e)
            + "\nacknowledge-hold needs get and patch on costcredentials in namespace "
            + ns
            + " (the edit or admin role grants them; costcred-emergency-rotator does not)",
        e);
  }
}
