package io.costcred.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RevocationState;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of one CostCredential, as the API server returned it. Every field the plugin
 * reads is named here; {@code CrdContractTest} checks each of them against the CRD schema.
 */
public final class CredentialView {
  /** Every JSON path the plugin reads, relative to the object (checked against the CRD). */
  public static final List<String> READ_PATHS =
      List.of(
          "spec.provider.vantage.tokenPool.name",
          "spec.provider.vantage.tokenPool.lowWatermark",
          "spec.provider.vantage.reverifyInterval",
          "status.observedGeneration",
          "status.provider",
          "status.revision",
          "status.currentToken",
          "status.pendingToken",
          "status.rotation.id",
          "status.rotation.trigger",
          "status.rotation.phase",
          "status.rotation.startedAt",
          "status.rotation.phaseSince",
          "status.rotation.requestedBy",
          "status.rotation.reason",
          "status.rotation.compromisedTokenRevoked",
          "status.rotation.targets.kind",
          "status.rotation.targets.name",
          "status.rotation.targets.rolledOut",
          "status.rotation.targets.message",
          "status.pendingRevocations.token",
          "status.pendingRevocations.reason",
          "status.pendingRevocations.deadline",
          "status.pendingRevocations.state",
          "status.pendingRevocations.requiredSince",
          "status.pendingRevocations.cutOverAt",
          "status.pendingRevocations.heldSince",
          "status.pendingRevocations.heldBy",
          "status.consumers.kind",
          "status.consumers.name",
          "status.consumers.restart",
          "status.consumers.reads",
          "status.consumers.pods",
          "status.consumers.podsCurrent",
          "status.consumers.podsOld",
          "status.consumers.oldPods",
          "status.consumersOmitted",
          "status.stores.store",
          "status.stores.fingerprint",
          "status.stores.publishedAt",
          "status.lastRotationTime",
          "status.nextRotationTime",
          "status.lastFailure.reason",
          "status.lastFailure.message",
          "status.lastFailure.time",
          "status.lastFailure.attempts",
          "status.lastFailure.retryAt",
          "status.history.rotationId",
          "status.history.trigger",
          "status.history.outcome",
          "status.history.startedAt",
          "status.history.completedAt",
          "status.history.durationMillis",
          "status.history.rolloutMillis",
          "status.history.message",
          "status.lastEmergencyRotation.requestedAt",
          "status.lastEmergencyRotation.reason",
          "status.lastEmergencyRotation.requestedBy",
          "status.lastEmergencyRotation.completedAt",
          "status.lastEmergencyRotation.outcome",
          "status.lastEmergencyRotation.compromisedToken",
          "status.lastEmergencyRotation.revocation",
          "status.lastEmergencyRotation.revokedAt",
          "status.handledStatusRequest",
          "status.requestedRotation.id",
          "status.requestedRotation.emergency",
          "status.requestedRotation.reason",
          "status.requestedRotation.requestedBy",
          "status.requestedRotation.requestedAt",
          "status.poolRemaining",
          "status.conditions.type",
          "status.conditions.status",
          "status.conditions.reason",
          "status.conditions.message",
          "status.conditions.lastTransitionTime");

  /** Every field of a TokenHandle the plugin reads. */
  public static final List<String> TOKEN_FIELDS =
      List.of(
          "id",
          "fingerprint",
          "rotationId",
          "obtainedAt",
          "verifiedAt",
          "description",
          "createdAt",
          "scopes");

  private final JsonNode root;

  public CredentialView(JsonNode root) {
    this.root = root;
  }

  public JsonNode root() {
    return root;
  }

  public String name() {
    return Json.text(root, "metadata", "name");
  }

  public String namespace() {
    return Json.text(root, "metadata", "namespace");
  }

  public Long generation() {
    return Json.number(root, "metadata", "generation");
  }

  public String uid() {
    return Json.text(root, "metadata", "uid");
  }

  public String resourceVersion() {
    return Json.text(root, "metadata", "resourceVersion");
  }

  /** The value of one annotation, or null. */
  public String annotation(String key) {
    return Json.text(root, "metadata", "annotations", key);
  }

  public JsonNode status() {
    return Json.at(root, "status");
  }

  public String status(String... path) {
    return Json.text(status(), path);
  }

  public Long statusNumber(String... path) {
    return Json.number(status(), path);
  }

  public String provider() {
    String p = status("provider");
    if (p == null && Json.at(root, "spec", "provider", "vantage") != null) {
      return "vantage";
    }
    return p;
  }

  public long revision() {
    Long r = statusNumber("revision");
    return r == null ? 0 : r;
  }

  public String poolSecretName() {
    return Json.text(root, "spec", "provider", "vantage", "tokenPool", "name");
  }

  public Long lowWatermark() {
    Long w = Json.number(root, "spec", "provider", "vantage", "tokenPool", "lowWatermark");
    return w == null ? 1L : w;
  }

  public String reverifyInterval() {
    String r = Json.text(root, "spec", "provider", "vantage", "reverifyInterval");
    return r == null ? "1h" : r;
  }

  public Long poolRemaining() {
    return statusNumber("poolRemaining");
  }

  public Optional<Token> currentToken() {
    return Token.from(Json.at(status(), "currentToken"));
  }

  public Optional<Token> pendingToken() {
    return Token.from(Json.at(status(), "pendingToken"));
  }

  /** The rotation in progress, if any. */
  public Optional<JsonNode> rotation() {
    return Optional.ofNullable(Json.at(status(), "rotation"));
  }

  public Optional<Condition> condition(String type) {
    return conditions().stream().filter(c -> type.equals(c.type())).findFirst();
  }

  public List<Condition> conditions() {
    return Json.list(status(), "conditions").stream().map(Condition::from).toList();
  }

  /** {@code True}, {@code False} or {@code Unknown} (no Ready condition yet). */
  public String ready() {
    return condition(Reasons.READY).map(Condition::status).orElse("Unknown");
  }

  public List<Revocation> pendingRevocations() {
    return Json.list(status(), "pendingRevocations").stream().map(Revocation::from).toList();
  }

  public long manualRevocations() {
    return pendingRevocations().stream().filter(Revocation::manual).count();
  }

  /** The revocations in state Held: due, but waiting because the old token is still in use. */
  public List<Revocation> heldRevocations() {
    return pendingRevocations().stream().filter(Revocation::held).toList();
  }

  /** {@code status.consumers}, in the order the operator wrote them (restart targets first). */
  public List<Consumer> consumers() {
    return Json.list(status(), "consumers").stream().map(Consumer::from).toList();
  }

  /** {@code status.consumersOmitted}: consumers left out of the list; 0 when absent. */
  public long consumersOmitted() {
    Long n = statusNumber("consumersOmitted");
    return n == null ? 0 : n;
  }

  public List<JsonNode> history() {
    return Json.list(status(), "history");
  }

  public Optional<JsonNode> lastEmergency() {
    return Optional.ofNullable(Json.at(status(), "lastEmergencyRotation"));
  }

  public List<JsonNode> stores() {
    return Json.list(status(), "stores");
  }

  /** The status-subresource request, if any. */
  public Optional<Request> requestedRotation() {
    JsonNode r = Json.at(status(), "requestedRotation");
    if (r == null || Json.text(r, "id") == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Request(
            Json.text(r, "id"),
            Boolean.TRUE.equals(Json.bool(r, "emergency")),
            Json.text(r, "reason"),
            Json.text(r, "requestedBy"),
            Json.text(r, "requestedAt")));
  }

  public String handledStatusRequest() {
    return status("handledStatusRequest");
  }

  /** The status request the operator has not acted on yet, if any. */
  public Optional<Request> openRequest() {
    return requestedRotation().filter(r -> !r.id().equals(handledStatusRequest()));
  }

  /** True when the status may lag the spec (the operator has not seen the latest generation). */
  public boolean statusStale() {
    Long observed = statusNumber("observedGeneration");
    Long gen = generation();
    return status() != null && observed != null && gen != null && observed < gen;
  }

  /** A token handle: never a token value. */
  public record Token(
      String id,
      String fingerprint,
      String rotationId,
      String obtainedAt,
      String verifiedAt,
      String description,
      String createdAt,
      List<String> scopes) {
    static Optional<Token> from(JsonNode n) {
      if (n == null || !n.isObject()) {
        return Optional.empty();
      }
      return Optional.of(
          new Token(
              Json.text(n, "id"),
              Json.text(n, "fingerprint"),
              Json.text(n, "rotationId"),
              Json.text(n, "obtainedAt"),
              Json.text(n, "verifiedAt"),
              Json.text(n, "description"),
              Json.text(n, "createdAt"),
              Json.strings(n, "scopes")));
    }

    /** {@code <id> (<fingerprint>) "<description>"}. */
    public String summary() {
      StringBuilder b = new StringBuilder(id == null ? "?" : id);
      if (fingerprint != null) {
        b.append(" (fingerprint ").append(fingerprint).append(')');
      }
      if (description != null) {
        b.append(" \"").append(description).append('"');
      }
      return b.toString();
    }
  }

  /** A status condition. */
  public record Condition(
      String type, String status, String reason, String message, String lastTransitionTime) {
    static Condition from(JsonNode n) {
      return new Condition(
          Json.text(n, "type"),
          Json.text(n, "status"),
          Json.text(n, "reason"),
          Json.text(n, "message"),
          Json.text(n, "lastTransitionTime"));
    }

    public boolean isTrue() {
      return "True".equals(status);
    }
  }

  /** An old token that must stop working. */
  public record Revocation(
      Optional<Token> token,
      String reason,
      String deadline,
      String state,
      String requiredSince,
      String cutOverAt,
      String heldSince,
      String heldBy) {
    static Revocation from(JsonNode n) {
      return new Revocation(
          Token.from(Json.at(n, "token")),
          Json.text(n, "reason"),
          Json.text(n, "deadline"),
          Json.text(n, "state"),
          Json.text(n, "requiredSince"),
          Json.text(n, "cutOverAt"),
          Json.text(n, "heldSince"),
          Json.text(n, "heldBy"));
    }

    public boolean manual() {
      return RevocationState.AwaitingManualRevocation.name().equals(state);
    }

    public boolean held() {
      return RevocationState.Held.name().equals(state);
    }

    /** The token's id, or {@code ?}. */
    public String tokenId() {
      return token.map(Token::id).filter(id -> !id.isBlank()).orElse("?");
    }

    /**
     * What acknowledges this revocation's hold: the id of the rotation that retired the token, else
     * the token id; null when the status has neither.
     */
    public String acknowledgeValue() {
      return token
          .map(t -> t.rotationId() != null && !t.rotationId().isBlank() ? t.rotationId() : t.id())
          .filter(s -> !s.isBlank())
          .orElse(null);
    }
  }

  /** A workload or bare Pod that reads a store Secret ({@code status.consumers[]}). */
  public record Consumer(
      String kind,
      String name,
      String restart,
      List<String> reads,
      Long pods,
      Long podsCurrent,
      Long podsOld,
      List<String> oldPods) {
    static Consumer from(JsonNode n) {
      return new Consumer(
          Json.text(n, "kind"),
          Json.text(n, "name"),
          Json.text(n, "restart"),
          Json.strings(n, "reads"),
          Json.number(n, "pods"),
          Json.number(n, "podsCurrent"),
          Json.number(n, "podsOld"),
          Json.strings(n, "oldPods"));
    }
  }

  /** {@code status.requestedRotation}. */
  public record Request(
      String id, boolean emergency, String reason, String requestedBy, String requestedAt) {}
}
