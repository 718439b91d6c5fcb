package io.costcred.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.ConsumerRestart;
import io.costcred.operator.api.v1alpha1.Reasons;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the next rotation of a CostCredential would do, from its spec and the status the operator
 * wrote, without doing it. Policies are not evaluated here: the verdict is the operator's last one.
 */
final class PlanReport {
  /** Every JSON path the plan reads beyond {@link CredentialView#READ_PATHS}. */
  static final List<String> READ_PATHS =
      List.of(
          "spec.suspend",
          "spec.policyRef",
          "spec.rotation.gracePeriod",
          "spec.provider.awsIamAccessKey.userName",
          "spec.provider.awsIamAccessKey.connectionRef",
          "spec.provider.awsIamAccessKey.deleteInactiveAfter",
          "spec.stores.kubernetesSecret.name",
          "spec.stores.vault.connectionRef",
          "spec.stores.vault.mount",
          "spec.stores.vault.path",
          "spec.stores.awsSecretsManager.connectionRef",
          "spec.stores.awsSecretsManager.secretId",
          "spec.restartTargets.kind",
          "spec.restartTargets.name",
          "spec.restartTargets.matchLabels",
          "spec.consumers.restartDiscovered",
          "status.handledRotateRequest",
          "status.handledEmergencyRequest");

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PlanReport() {}

  /** The plan as one object: what {@code -o json|yaml} prints and the text is printed from. */
  static ObjectNode build(CredentialView v, Instant now, PoolReader pool) {
    ObjectNode plan = F.objectNode();
    plan.put("name", v.name());
    plan.put("namespace", v.namespace());
    plan.set("when", when(v, now));
    plan.set("tokenSource", tokenSource(v, pool));
    plan.set("stores", stores(v));
    plan.set("restartTargets", targets(v));
    plan.set("revocations", revocations(v));
    plan.set("policy", policy(v));
    return plan;
  }

  /** Reads the key count of the pool Secret with the user's rights; empty when it cannot. */
  @FunctionalInterface
  interface PoolReader {
    Optional<Integer> keys(String namespace, String secret);
  }

  private static ObjectNode when(CredentialView v, Instant now) {
    ObjectNode n = F.objectNode();
    JsonNode spec = Json.at(v.root(), "spec");
    boolean suspended = Boolean.TRUE.equals(Json.bool(spec, "suspend"));
    n.put("suspended", suspended);
    String next = v.status("nextRotationTime");
    Optional<JsonNode> running = v.rotation();
    if (running.isPresent()) {
      return state(
          n,
          "InProgress",
          null,
          Json.text(running.get(), "trigger")
              + " rotation "
              + Json.text(running.get(), "id")
              + " runs now, in phase "
              + Json.text(running.get(), "phase"));
    }
    if (emergencyRequested(v)) {
      return state(
          n,
          "EmergencyRequested",
          null,
          "an emergency rotation starts at the next reconcile; the old token is revoked as soon as"
              + " the stores have the new one");
    }
    if (v.currentToken().isEmpty()) {
      return state(n, "Initial", null, "the first token is obtained at the next reconcile");
    }
    if (manualRequested(v)) {
      return state(
          n,
          "ManualRequested",
          null,
          "a manual rotation starts at the next reconcile"
              + (suspended ? " (manual requests are honoured while suspended)" : ""));
    }
    if (suspended) {
      return state(
          n,
          "Suspended",
          next,
          "scheduled rotations are paused by spec.suspend"
              + (next == null
                  ? ""
                  : "; a policy's maxInterval forces one at " + Times.withRelative(next, now)));
    }
    Instant at = Times.parse(next);
    if (at == null) {
      return state(n, "Unknown", null, "the operator has not computed the next rotation yet");
    }
    if (!at.isAfter(now)) {
      return state(
          n,
          "DueNow",
          next,
          "due since "
              + Times.withRelative(next, now)
              + "; starts at the next reconcile (inside a maintenance window, if any)");
    }
    return state(n, "Scheduled", next, "at " + Times.withRelative(next, now));
  }

  private static ObjectNode state(ObjectNode n, String state, String at, String message) {
    n.put("state", state);
    if (at != null) {
      n.put("at", at);
    }
    n.put("message", message);
    return n;
  }

  private static boolean emergencyRequested(CredentialView v) {
    return open(v.annotation(Annotations.EMERGENCY), v.status("handledEmergencyRequest"))
        || v.openRequest().map(CredentialView.Request::emergency).orElse(false);
  }

  private static boolean manualRequested(CredentialView v) {
    return open(v.annotation(Annotations.ROTATE), v.status("handledRotateRequest"))
        || v.openRequest().map(r -> !r.emergency()).orElse(false);
  }

  /** An annotation value the operator has not recorded as handled (it records it made safe). */
  private static boolean open(String value, String handled) {
    return value != null
        && !value.isBlank()
        && !value.equals(handled)
        && !Text.safe(value, Text.REASON).equals(handled);
  }

  private static ObjectNode tokenSource(CredentialView v, PoolReader pool) {
    ObjectNode n = F.objectNode();
    JsonNode aws = Json.at(v.root(), "spec", "provider", "awsIamAccessKey");
    String poolName = v.poolSecretName();
    if (aws != null) {
      n.put("kind", "mint");
      n.put("provider", "awsIamAccessKey");
      n.put(
          "message",
          "a new access key is minted with IAM CreateAccessKey for user "
              + Json.text(aws, "userName")
              + " (connection "
              + connection(Json.at(aws, "connectionRef"))
              + ")");
      return n;
    }
    n.put("kind", "pool");
    n.put("provider", "vantage");
    n.put("pool", poolName);
    Long remaining = v.poolRemaining();
    if (remaining != null) {
      n.put("poolRemaining", remaining);
    }
    Optional<Integer> keys =
        poolName == null ? Optional.empty() : pool.keys(v.namespace(), poolName);
    keys.ifPresent(k -> n.put("poolSecretKeys", k));
    n.put(
        "message",
        "the next token is taken from the pool Secret "
            + poolName
            + ": "
            + (remaining == null ? "usable tokens unknown" : remaining + " usable token(s)")
            + (keys.isPresent()
                ? ", " + keys.get() + " key(s) in the Secret"
                : " (the Secret is not readable with your rights)"));
    return n;
  }

  private static ArrayNode stores(CredentialView v) {
    ArrayNode out = F.arrayNode();
    for (JsonNode s : Json.list(v.root(), "spec", "stores")) {
      ObjectNode n = out.addObject();
      if (Json.at(s, "kubernetesSecret") != null) {
        n.put("kind", "kubernetesSecret");
        n.put("location", v.namespace() + "/" + Json.text(s, "kubernetesSecret", "name"));
      } else if (Json.at(s, "vault") != null) {
        n.put("kind", "vault");
        n.put(
            "location",
            Json.text(s, "vault", "mount")
                + "/"
                + Json.text(s, "vault", "path")
                + " via "
                + connection(Json.at(s, "vault", "connectionRef")));
      } else if (Json.at(s, "awsSecretsManager") != null) {
        n.put("kind", "awsSecretsManager");
        n.put(
            "location",
            Json.text(s, "awsSecretsManager", "secretId")
                + " via "
                + connection(Json.at(s, "awsSecretsManager", "connectionRef")));
      } else {
        n.put("kind", "unknown");
        n.put("location", "-");
      }
    }
    return out;
  }

  private static String connection(JsonNode ref) {
    return ref == null ? "-" : Json.text(ref, "kind") + " " + Json.text(ref, "name");
  }

  private static ArrayNode targets(CredentialView v) {
    ArrayNode out = F.arrayNode();
    for (JsonNode t : Json.list(v.root(), "spec", "restartTargets")) {
      ObjectNode n = out.addObject();
      n.put("kind", Json.text(t, "kind"));
      String name = Json.text(t, "name");
      n.put("name", name != null ? name : "-l " + selector(Json.at(t, "matchLabels")));
      n.put("source", "declared");
      n.put("action", "restarted");
    }
    for (CredentialView.Consumer c : v.consumers()) {
      String action = consumerAction(c.restart());
      if (action == null) {
        continue; // a restart target, listed above
      }
      ObjectNode n = out.addObject();
      n.put("kind", c.kind());
      n.put("name", c.name());
      n.put("source", "discovered");
      n.put("action", action);
    }
    return out;
  }

  /** What the rotation does to a discovered consumer, as status.consumers[].restart says. */
  private static String consumerAction(String restart) {
    ConsumerRestart r = restart == null ? null : ConsumerRestart.of(F.textNode(restart));
    if (r == null) {
      return "unknown";
    }
    return switch (r) {
      case Target -> null;
      case Discovered -> "restarted (spec.consumers.restartDiscovered)";
      case MountedFile -> "re-reads the mounted file";
      case NotRestarted -> "not restarted: keeps the old token until restarted";
      case Unrecognized -> "unknown (" + restart + ")";
    };
  }

  private static String selector(JsonNode labels) {
    Map<String, String> sorted = new TreeMap<>();
    if (labels != null) {
      labels.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
    }
    return String.join(
        ",", sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  private static ObjectNode revocations(CredentialView v) {
    ObjectNode n = F.objectNode();
    boolean aws = Json.at(v.root(), "spec", "provider", "awsIamAccessKey") != null;
    v.currentToken()
        .ifPresent(
            t -> {
              ObjectNode next = n.putObject("next");
              next.put("token", t.summary());
              String grace = Json.text(v.root(), "spec", "rotation", "gracePeriod");
              next.put(
                  "when",
                  "gracePeriod "
                      + (grace == null ? "(24h, or the policy's default)" : grace)
                      + " after every restart target rolled out and no consumer holds it;"
                      + " at once in an emergency");
              next.put(
                  "how",
                  aws
                      ? "UpdateAccessKey Inactive, deleted after "
                          + Optional.ofNullable(
                                  Json.text(
                                      v.root(),
                                      "spec",
                                      "provider",
                                      "awsIamAccessKey",
                                      "deleteInactiveAfter"))
                              .orElse("the default retention")
                      : "no provider API: RevocationRequired asks an admin to revoke it in the"
                          + " console, then the operator checks it answers 401");
            });
    ArrayNode pending = n.putArray("pending");
    for (CredentialView.Revocation r : v.pendingRevocations()) {
      ObjectNode p = pending.addObject();
      p.put("token", r.tokenId());
      p.put("reason", r.reason());
      p.put("deadline", r.deadline());
      p.put("state", r.state());
      if (r.held()) {
        p.put("heldBy", r.heldBy());
      }
    }
    return n;
  }

  private static ObjectNode policy(CredentialView v) {
    ObjectNode n = F.objectNode();
    String ref = Json.text(v.root(), "spec", "policyRef");
    if (ref != null) {
      n.put("policyRef", ref);
    }
    Optional<CredentialView.Condition> refused =
        v.conditions().stream()
            .filter(
                c ->
                    Reasons.POLICY_VIOLATION.equals(c.reason())
                        || Reasons.POLICY_UNAVAILABLE.equals(c.reason()))
            .findFirst();
    Long observed = v.statusNumber("observedGeneration");
    if (refused.isPresent()) {
      n.put(
          "verdict",
          Reasons.POLICY_VIOLATION.equals(refused.get().reason()) ? "denied" : "unavailable");
      n.put("reason", refused.get().reason());
      n.put("message", refused.get().message());
    } else if (observed == null || !observed.equals(v.generation())) {
      n.put("verdict", "unknown");
      n.put(
          "message",
          "the operator has not evaluated generation " + v.generation() + " of the spec yet");
    } else {
      n.put("verdict", "allowed");
      n.put(
          "message",
          "the operator found no ClusterRotationPolicy violation in generation " + observed);
    }
    return n;
  }
}
