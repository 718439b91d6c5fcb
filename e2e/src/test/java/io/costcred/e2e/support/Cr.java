package io.costcred.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of one CostCredential as stored, through JSON pointers: the suite reads the
 * documented API, not the operator's classes.
 */
public record Cr(JsonNode json) {
  public static Cr of(GenericKubernetesResource r) {
    return new Cr(Serialization.jsonMapper().valueToTree(r));
  }

  public String text(String pointer) {
    JsonNode n = json.at(pointer);
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  public Instant time(String pointer) {
    String t = text(pointer);
    return t == null ? null : Instant.parse(t);
  }

  public long resourceVersion() {
    return Long.parseLong(text("/metadata/resourceVersion"));
  }

  public long revision() {
    return json.at("/status/revision").asLong(0);
  }

  public boolean rotating() {
    JsonNode r = json.at("/status/rotation");
    return !r.isMissingNode() && !r.isNull();
  }

  public String phase() {
    return text("/status/rotation/phase");
  }

  public String currentFingerprint() {
    return text("/status/currentToken/fingerprint");
  }

  public List<JsonNode> pendingRevocations() {
    List<JsonNode> out = new ArrayList<>();
    json.at("/status/pendingRevocations").forEach(out::add);
    return out;
  }

  public List<String> pendingRevocationFingerprints() {
    return pendingRevocations().stream().map(p -> p.at("/token/fingerprint").asText()).toList();
  }

  public Optional<JsonNode> condition(String type) {
    for (JsonNode c : json.at("/status/conditions")) {
      if (type.equals(c.path("type").asText())) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** "True", "False", or null when the condition is absent. */
  public String conditionStatus(String type) {
    return condition(type).map(c -> c.path("status").asText()).orElse(null);
  }

  public String conditionReason(String type) {
    return condition(type).map(c -> c.path("reason").asText()).orElse(null);
  }

  public Instant conditionSince(String type) {
    return condition(type)
        .map(c -> Instant.parse(c.path("lastTransitionTime").asText()))
        .orElse(null);
  }

  public List<JsonNode> history() {
    List<JsonNode> out = new ArrayList<>();
    json.at("/status/history").forEach(out::add);
    return out;
  }

  @Override
  public String toString() {
    return json.toPrettyString();
  }
}
