package io.costcred.kubectl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costcred.kubectl.RotateTargets.Target;
import io.costcred.operator.api.text.Text;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kubectl costcred rotate NAME... | -l SELECTOR | --all [-A] [--emergency --reason TEXT]}:
 * writes {@code status.requestedRotation} through the status subresource (no change to spec or
 * metadata, so no GitOps drift), then follows the rotation until it completes.
 */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    description = {
      "Ask the operator to rotate a CostCredential's token now, through the status subresource "
          + "(spec and metadata stay untouched: no GitOps drift). With --emergency the compromised"
          + " token is revoked or flagged before any restart.",
      "Needs get on costcredentials and patch on costcredentials/status "
          + "(ClusterRole costcred-emergency-rotator); -l and --all also need list.",
      "--emergency takes explicit NAMEs only: never -l, --all or -A, so a typo cannot"
          + " emergency-rotate a whole namespace or cluster."
    })
public final class RotateCommand extends Subcommand {
  /** maxLength of status.requestedRotation.reason in the CRD. */
  static final int MAX_REASON = 1024;

  /** Something that looks like a token pasted into the reason: refused (it goes to Events). */
  static final Pattern TOKEN_LIKE = Pattern.compile("\\b(vntg_tkn_|cr_|ws_)[A-Za-z0-9_-]{12,}");

  static final String ROLE = "costcred-emergency-rotator";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Parameters(
      arity = "0..*",
      paramLabel = "NAME",
      description = "The CostCredentials (one or more; or use -l or --all).")
  List<String> names = new ArrayList<>();

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "SELECTOR",
      description =
          "Rotate the CostCredentials matching this label selector (not with --emergency).")
  String selector;

  @Option(
      names = "--all",
      description = "Rotate every CostCredential in the namespace (not with --emergency).")
  boolean all;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "With -l or --all: in every namespace (not with --emergency).")
  boolean allNamespaces;

  @Option(
      names = "--emergency",
      description =
          "Emergency rotation: runs at once (ignores windows and backoff), takes over a running"
              + " rotation, revokes or flags the current token before restarting consumers."
              + " Requires --reason.")
  boolean emergency;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description =
          "Why (e.g. an incident id). Copied to status, Events and notifications: never paste a"
              + " token here.")
  String reason;

  @Option(names = "--no-wait", description = "Return once the request is written.")
  boolean noWait;

  @Option(
      names = "--timeout",
      defaultValue = "20m",
      paramLabel = "DURATION",
      description = "How long to wait for the rotation to complete (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--poll-interval", defaultValue = "1s", hidden = true)
  String pollInterval;

  @Override
  public Integer call() {
    if (reason != null && reason.isBlank()) {
      reason = null;
    }
    if (emergency && reason == null) {
      throw CliException.usage(
          "--emergency requires --reason (e.g. --reason \"INC-1234 token in CI log\")");
    }
    if (reason != null && TOKEN_LIKE.matcher(reason).find()) {
      throw CliException.usage(
          "--reason looks like it contains a token; the reason is copied to status, Events and"
              + " notifications. Describe the incident instead.");
    }
    if (reason != null && reason.length() > MAX_REASON) {
      throw CliException.usage(
          "--reason is longer than " + MAX_REASON + " characters (the CRD's limit)");
    }
    Duration wait = Times.parseDuration(timeout);
    Duration poll = Times.parseDuration(pollInterval);
    Api api = api();
    List<Target> targets =
        new RotateTargets(names, selector, all, allNamespaces, emergency)
            .resolve(api, allNamespaces ? null : namespace());
    if (targets.isEmpty()) {
      err().println("error: no CostCredential matched; nothing to rotate");
      return ExitCodes.CHECK_FAILED;
    }
    String requestedBy = requester(api);
    int code = ExitCodes.OK;
    List<Submitted> submitted = new ArrayList<>();
    for (Target t : targets) {
      try {
        submitted.add(submit(api, t, requestedBy));
      } catch (CliException e) {
        if (targets.size() == 1) {
          throw e;
        }
        err().println("error: " + e.getMessage());
        code = Math.max(code, e.exitCode());
      }
    }
    for (Submitted s : submitted) {
      code = Math.max(code, follow(api, s, wait, poll, targets.size() == 1));
    }
    return code;
  }

  private int follow(Api api, Submitted s, Duration wait, Duration poll, boolean single) {
    if (noWait) {
      out().println("Follow it with: kubectl costcred describe " + s.name() + " -n " + s.ns());
      return ExitCodes.OK;
    }
    try {
      return new RotationWaiter(api, s.ns(), s.name(), out(), wait, poll)
          .await(s.id(), s.revisionBefore(), s.emergency(), s.resourceVersion());
    } catch (CliException e) {
      if (single) {
        throw e;
      }
      err().println("error: " + s.ns() + "/" + s.name() + ": " + e.getMessage());
      return e.exitCode();
    }
  }

  /**
   * What was asked for: the request id to follow, the revision before it, and the resourceVersion
   * to watch from.
   */
  record Submitted(
      String ns,
      String name,
      String id,
      long revisionBefore,
      boolean emergency,
      String resourceVersion) {}

  private String requester(Api api) {
    String local = "unverified:" + System.getProperty("user.name", "unknown");
    return whoAmI(api, "recording requestedBy=\"" + local + "\"").orElse(local);
  }

  private Submitted submit(Api api, Target t, String requestedBy) {
    String ns = t.namespace();
    String name = t.name();
    for (int attempt = 1; attempt <= 5; attempt++) {
      CredentialView v = get(api, ns, name);
      var open = v.openRequest();
      if (open.isPresent() && (open.get().emergency() || !emergency)) {
        var o = open.get();
        err()
            .println(
                "note: "
                    + (o.emergency() ? "an emergency" : "a")
                    + " rotation request ("
                    + Text.safe(o.id(), Text.LINE)
                    + ", by "
                    + Text.safe(o.requestedBy(), Text.LINE)
                    + ") is already pending and will rotate the token; following it instead of"
                    + " queuing another");
        return new Submitted(ns, name, o.id(), v.revision(), o.emergency(), v.resourceVersion());
      }
      if (open.isPresent()) {
        err()
            .println(
                "note: replacing the pending manual request "
                    + open.get().id()
                    + ": the emergency rotation rotates the token too");
      }
      String id = UUID.randomUUID().toString();
      CredentialView written;
      try {
        written = api.patchStatus(ns, name, patch(v.resourceVersion(), id, requestedBy));
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          continue; // the status changed since we read it: decide again
        }
        throw apiError("patch costcredential " + ns + "/" + name + " status", e, ns);
      }
      printRequested(ns, name, id, requestedBy);
      return new Submitted(ns, name, id, v.revision(), emergency, written.resourceVersion());
    }
    throw CliException.api("the status of " + ns + "/" + name + " kept changing; try again");
  }

  private CredentialView get(Api api, String ns, String name) {
    try {
      return api.get(ns, name);
    } catch (CliException e) {
      if (e.getCause() instanceof KubernetesClientException k) {
        throw apiError("get costcredential " + ns + "/" + name, k, ns);
      }
      throw e;
    }
  }

  /** All five fields, so a merge patch never keeps a field of an older request. */
  String patch(String resourceVersion, String id, String requestedBy) {
    ObjectNode body = MAPPER.createObjectNode();
    if (resourceVersion != null) {
      body.putObject("metadata").put("resourceVersion", resourceVersion);
    }
    ObjectNode req = body.putObject("status").putObject("requestedRotation");
    req.put("id", id);
    req.put("emergency", emergency);
    if (reason == null) {
      req.putNull("reason");
    } else {
      req.put("reason", reason);
    }
    req.put("requestedBy", requestedBy);
    req.put("requestedAt", now().truncatedTo(ChronoUnit.SECONDS).toString());
    return body.toString();
  }

  private void printRequested(String ns, String name, String id, String requestedBy) {
    out()
        .println(
            (emergency ? "Emergency rotation" : "Rotation")
                + " requested for costcredential "
                + ns
                + "/"
                + name);
    new Fields()
        .add("Request ID", id)
        .add("Requested By", requestedBy)
        .addIfPresent("Reason", reason)
        .print(out(), "  ");
    out().flush();
  }

  static CliException apiError(String what, KubernetesClientException e, String ns) {
    if (e.getCode() != 403) {
      return Api.error(what, e);
    }
    return new CliException(
        ExitCodes.API_ERROR,
        Api.describe(what, e)
            + "\nrotate needs get on costcredentials and patch on costcredentials/status in"
            + " namespace "
            + ns
            + ": ask for the ClusterRole "
            + ROLE
            + ", bound in that namespace, e.g.\n  kubectl create rolebinding "
            + ROLE
            + "-<you> -n "
            + ns
            + " --clusterrole="
            + ROLE
            + " --user=<you>",
        e);
  }
}
