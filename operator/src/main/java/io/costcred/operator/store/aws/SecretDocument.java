package io.costcred.operator.store.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The secret string of a Secrets Manager secret as the store sees it: a JSON object whose mapped
 * keys the operator owns (all other keys are kept as they are), or a plain string that is one
 * credential field.
 */
final class SecretDocument {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String storeId;
  private final AwsSecretsManagerStoreConfig config;

  SecretDocument(String storeId, AwsSecretsManagerStoreConfig config) {
    this.storeId = storeId;
    this.config = config;
  }

  /** The secret string serving the credential, keeping the foreign keys of {@code current}. */
  String render(String current, Credential credential) {
    if (!config.jsonMode()) {
      return credential.field(config.plainField()).reveal();
    }
    ObjectNode doc = object(current);
    for (KeyMapping k : config.keys()) {
      doc.put(k.getKey(), credential.field(field(k)).reveal());
    }
    return write(doc);
  }

  /** The credential the secret string serves, or empty when a mapped key is missing. */
  Optional<Credential> extract(String current) {
    if (current == null) {
      return Optional.empty();
    }
    if (!config.jsonMode()) {
      return Optional.of(new Credential(Map.of(config.plainField(), SecretValue.of(current))));
    }
    ObjectNode doc = object(current);
    Map<String, SecretValue> fields = new HashMap<>();
    for (KeyMapping k : config.keys()) {
      JsonNode v = doc.get(k.getKey());
      if (v == null || !v.isTextual()) {
        return Optional.empty();
      }
      SecretValue value = SecretValue.of(v.asText());
      SecretValue previous = fields.putIfAbsent(field(k), value);
      if (previous != null && !previous.sameAs(value)) {
        // Two keys mapped to one field disagree: the store does not serve one credential.
        return Optional.of(new Credential(Map.of(field(k), SecretValue.of(""))));
      }
    }
    return Optional.of(new Credential(fields));
  }

  /** True when the secret string already serves exactly this credential. */
  boolean holds(String current, Credential credential) {
    Optional<Credential> served = extract(current);
    if (served.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, SecretValue> e : served.get().fields().entrySet()) {
      if (!e.getValue().sameAs(credential.field(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether two secret strings are the same document (JSON compared as trees). */
  boolean same(String a, String b) {
    if (a == null || b == null || !config.jsonMode()) {
      return Objects.equals(a, b);
    }
    return object(a).equals(object(b));
  }

  /**
   * The secret string without the operator's keys: {@code null} when nothing would remain, the
   * unchanged input when none of its keys is there.
   */
  String without(String current) {
    if (!config.jsonMode()) {
      return null;
    }
    ObjectNode doc = object(current);
    config.keys().forEach(k -> doc.remove(k.getKey()));
    return doc.isEmpty() ? null : write(doc);
  }

  private ObjectNode object(String current) {
    if (current == null || current.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(current);
      if (node instanceof ObjectNode o) {
        return o;
      }
    } catch (JsonProcessingException ignored) {
      // fall through: not JSON (the parser's message may quote the value, so it is dropped)
    }
    throw new PermanentException(
        Reasons.INVALID_SPEC,
        storeId
            + ": the secret string is not a JSON object; use a plain-string mapping or another"
            + " secret");
  }

  private static String write(ObjectNode doc) {
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a JSON tree");
    }
  }

  private static String field(KeyMapping k) {
    return k.getField() == null ? Credential.TOKEN : k.getField();
  }
}
