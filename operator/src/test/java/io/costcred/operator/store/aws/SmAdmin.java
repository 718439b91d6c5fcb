package io.costcred.operator.store.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costcred.operator.core.SecretValue;
import io.costcred.testsupport.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** Direct Secrets Manager access, bypassing the store: the "other writer" of tests. */
final class SmAdmin {
  static final ObjectMapper JSON = new ObjectMapper();
  private final SecretsManagerClient sm;

  SmAdmin(SecretsManagerClient sm) {
    this.sm = sm;
  }

  /** Test credentials for moto (it accepts any); no SDK retries so faults surface at once. */
  static AwsConnection connection(URI endpoint) {
    return new AwsConnection(
        MotoServer.REGION,
        endpoint,
        new AwsConnection.StaticKeys(SecretValue.of("testing"), SecretValue.of("testing")),
        Duration.ofSeconds(5),
        1);
  }

  /** The AWSCURRENT string, or empty. */
  Optional<String> current(String name) {
    try {
      return Optional.ofNullable(
          sm.getSecretValue(b -> b.secretId(name).versionStage("AWSCURRENT")).secretString());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Sets one JSON key like another tool would. It moves AWSCURRENT explicitly (put as AWSPENDING,
   * then UpdateSecretVersionStage) rather than with a plain PutSecretValue: moto 5.2.5 forgets a
   * label move made by UpdateSecretVersionStage when a later plain put promotes a version, and
   * leaves AWSCURRENT on two versions (real Secrets Manager keeps one).
   */
  void put(String name, String key, String value) {
    Optional<String> cur = current(name);
    ObjectNode doc =
        cur.isPresent() && !cur.get().isBlank()
            ? (ObjectNode) parse(cur.get())
            : JSON.createObjectNode();
    doc.put(key, value);
    if (!exists(name)) {
      sm.createSecret(b -> b.name(name).secretString(doc.toString()));
      return;
    }
    String from = currentVersion(name);
    String to =
        sm.putSecretValue(
                b -> b.secretId(name).secretString(doc.toString()).versionStages("AWSPENDING"))
            .versionId();
    sm.updateSecretVersionStage(
        b ->
            b.secretId(name)
                .versionStage("AWSCURRENT")
                .moveToVersionId(to)
                .removeFromVersionId(from));
    sm.updateSecretVersionStage(
        b -> b.secretId(name).versionStage("AWSPENDING").removeFromVersionId(to));
  }

  String currentVersion(String name) {
    return stages(name).entrySet().stream()
        .filter(e -> e.getValue().contains("AWSCURRENT"))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  Optional<String> get(String name, String key) {
    return current(name)
        .filter(s -> !s.isBlank())
        .map(SmAdmin::parse)
        .map(d -> d.get(key))
        .map(JsonNode::asText);
  }

  boolean exists(String name) {
    try {
      sm.describeSecret(b -> b.secretId(name));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  Map<String, List<String>> stages(String name) {
    return sm.describeSecret(b -> b.secretId(name)).versionIdsToStages();
  }

  static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
