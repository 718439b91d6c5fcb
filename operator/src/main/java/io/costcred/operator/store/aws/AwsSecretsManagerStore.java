package io.costcred.operator.store.aws;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.store.CredentialStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

/**
 * One AWS Secrets Manager secret, written with the service's own staged protocol: the new value
 * goes in as a version labelled {@code AWSPENDING} whose {@code ClientRequestToken} (= version id)
 * is a UUID derived from the rotation id, then {@code AWSCURRENT} is moved to it from the version
 * that was read ({@code AWSPREVIOUS} follows automatically) and {@code AWSPENDING} is dropped.
 *
 * <p>Retries are idempotent: a secret that already serves the credential is left alone, and a
 * retried put reuses the same token. Moving {@code AWSCURRENT} names the version it is taken from,
 * so a concurrent writer makes the move fail instead of being overwritten (reported as a transient
 * CAS conflict). If the secret changed between two attempts of one rotation, the stale pending
 * version is left behind and a version derived from the rotation id and the new base is written
 * instead, since versions are immutable.
 */
public final class AwsSecretsManagerStore implements CredentialStore {
  /** Description of secrets this store creates; remove() deletes only those. */
  public static final String DESCRIPTION = "Managed by costcred-operator";

  static final String CURRENT = "AWSCURRENT";
  static final String PENDING = "AWSPENDING";
  private static final Logger LOG = LoggerFactory.getLogger(AwsSecretsManagerStore.class);
  private static final int RECOVERY_DAYS = 7;

  private final SecretsManagerClient sm;
  private final AwsSecretsManagerStoreConfig config;
  private final SecretDocument doc;
  private final String id;
  private Runnable beforeCommit = () -> {};

  public AwsSecretsManagerStore(SecretsManagerClient sm, AwsSecretsManagerStoreConfig config) {
    this.sm = sm;
    this.config = config;
    this.id = "awsSecretsManager/" + config.secretId();
    this.doc = new SecretDocument(id, config);
  }

  /** The version id (ClientRequestToken) the store uses for a rotation: UUID v3 of its id. */
  public static String clientRequestToken(String rotationId) {
    return UUID.nameUUIDFromBytes(("costcred:" + rotationId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String publish(String rotationId, Credential credential, String fingerprint) {
    Optional<DescribeSecretResponse> d = describe();
    if (d.isPresent() && d.get().deletedDate() != null) {
      d = restore();
    }
    if (d.isEmpty()) {
      Optional<String> created = create(rotationId, credential);
      if (created.isPresent()) {
        return created.get();
      }
      d = describe(); // lost a race with another creator: continue like any existing secret
      if (d.isEmpty()) {
        throw new TransientException(Reasons.STORE_FAILED, id + ": secret vanished", null, null);
      }
    }
    Map<String, List<String>> stages = d.get().versionIdsToStages();
    String currentId = versionWith(stages, CURRENT);
    String current = currentId == null ? null : value(currentId);
    if (current != null && doc.holds(current, credential)) {
      dropPending(stages, currentId);
      return currentId;
    }
    String desired = doc.render(current, credential);
    String token = clientRequestToken(rotationId);
    if (stages.containsKey(token) && !doc.same(value(token), desired)) {
      token = clientRequestToken(rotationId + "@" + currentId); // the base moved since then
    }
    if (stages.containsKey(token)) {
      if (!doc.same(value(token), desired)) {
        throw new PermanentException(
            Reasons.STORE_FAILED, id + ": version " + token + " holds other content");
      }
    } else if (!put(token, desired)) {
      // The version exists without a label (listed nowhere) and with other content.
      token = clientRequestToken(rotationId + "@" + currentId);
      if (!put(token, desired)) {
        throw new PermanentException(
            Reasons.STORE_FAILED, id + ": version " + token + " holds other content");
      }
    }
    beforeCommit.run();
    promote(token, currentId);
    return token;
  }

  @Override
  public Optional<Credential> read() {
    Optional<DescribeSecretResponse> d = describe();
    if (d.isEmpty() || d.get().deletedDate() != null) {
      return Optional.empty();
    }
    String currentId = versionWith(d.get().versionIdsToStages(), CURRENT);
    return currentId == null ? Optional.empty() : doc.extract(value(currentId));
  }

  /**
   * Removes the mapped keys with a staged write. A secret left with nothing of its own (or a plain
   * one) is deleted (7-day recovery window) only if this store created it; otherwise a JSON secret
   * keeps an empty object and a plain secret is left as it is.
   */
  @Override
  public void remove() {
    Optional<DescribeSecretResponse> d = describe();
    if (d.isEmpty() || d.get().deletedDate() != null) {
      return;
    }
    String currentId = versionWith(d.get().versionIdsToStages(), CURRENT);
    String current = currentId == null ? null : value(currentId);
    if (current == null || doc.extract(current).isEmpty()) {
      return;
    }
    String rest = doc.without(current);
    if (rest == null && DESCRIPTION.equals(d.get().description())) {
      call(
          "DeleteSecret",
          () ->
              sm.deleteSecret(
                  b -> b.secretId(config.secretId()).recoveryWindowInDays((long) RECOVERY_DAYS)));
      return;
    }
    if (rest == null && !config.jsonMode()) {
      LOG.info("{}: plain secret not created by the operator; left in place", id);
      return;
    }
    String token = clientRequestToken("remove@" + currentId);
    if (!d.get().versionIdsToStages().containsKey(token)) {
      put(token, rest == null ? "{}" : rest);
    }
    beforeCommit.run();
    promote(token, currentId);
  }

  /** Test seam: runs after the pending version is written, before AWSCURRENT moves. */
  void beforeCommit(Runnable hook) {
    this.beforeCommit = hook;
  }

  private Optional<String> create(String rotationId, Credential credential) {
    if (!config.createIfMissing() || config.secretId().startsWith("arn:")) {
      throw new NotFoundException(
          Reasons.SECRET_NOT_FOUND,
          id + ": the secret does not exist" + (config.createIfMissing() ? "" : " (create off)"));
    }
    try {
      return Optional.of(
          call(
                  "CreateSecret",
                  () ->
                      sm.createSecret(
                          b ->
                              b.name(config.secretId())
                                  .description(DESCRIPTION)
                                  .kmsKeyId(config.kmsKeyId())
                                  .clientRequestToken(clientRequestToken(rotationId))
                                  .secretString(doc.render(null, credential))))
              .versionId());
    } catch (ResourceExistsException e) {
      return Optional.empty();
    }
  }

  /** A secret scheduled for deletion (e.g. by an earlier remove) is restored if creation is on. */
  private Optional<DescribeSecretResponse> restore() {
    if (!config.createIfMissing()) {
      throw new NotFoundException(
          Reasons.SECRET_NOT_FOUND, id + ": the secret is scheduled for deletion (create off)");
    }
    LOG.info("{}: restoring the secret scheduled for deletion", id);
    call("RestoreSecret", () -> sm.restoreSecret(b -> b.secretId(config.secretId())));
    return describe();
  }

  /** False when a version with this token already exists with other content. */
  private boolean put(String token, String value) {
    try {
      call(
          "PutSecretValue",
          () ->
              sm.putSecretValue(
                  b ->
                      b.secretId(config.secretId())
                          .clientRequestToken(token)
                          .secretString(value)
                          .versionStages(PENDING)));
      return true;
    } catch (ResourceExistsException e) {
      return false;
    }
  }

  private void promote(String token, String currentId) {
    if (!token.equals(currentId)) {
      try {
        call(
            "UpdateSecretVersionStage",
            () ->
                sm.updateSecretVersionStage(
                    b ->
                        b.secretId(config.secretId())
                            .versionStage(CURRENT)
                            .moveToVersionId(token)
                            .removeFromVersionId(currentId)));
      } catch (PermanentException e) {
        // Refused: if AWSCURRENT is no longer where it was read, another writer moved it.
        String now = versionWith(describe().orElseThrow().versionIdsToStages(), CURRENT);
        if (!Objects.equals(now, currentId) && !token.equals(now)) {
          throw new TransientException(
              Reasons.STORE_FAILED,
              id + ": CAS conflict: another writer moved AWSCURRENT; retrying from its version",
              Duration.ofSeconds(2),
              null);
        }
        throw e;
      }
    }
    dropPending(describe().orElseThrow().versionIdsToStages(), token);
  }

  private void dropPending(Map<String, List<String>> stages, String versionId) {
    if (stages.getOrDefault(versionId, List.of()).contains(PENDING)) {
      call(
          "UpdateSecretVersionStage",
          () ->
              sm.updateSecretVersionStage(
                  b ->
                      b.secretId(config.secretId())
                          .versionStage(PENDING)
                          .removeFromVersionId(versionId)));
    }
  }

  private Optional<DescribeSecretResponse> describe() {
    try {
      return Optional.of(
          call("DescribeSecret", () -> sm.describeSecret(b -> b.secretId(config.secretId()))));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private String value(String versionId) {
    return call(
            "GetSecretValue",
            () -> sm.getSecretValue(b -> b.secretId(config.secretId()).versionId(versionId)))
        .secretString();
  }

  private static String versionWith(Map<String, List<String>> stages, String stage) {
    return stages.entrySet().stream()
        .filter(e -> e.getValue().contains(stage))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  private <T> T call(String op, Supplier<T> request) {
    try {
      return request.get();
    } catch (ResourceExistsException e) {
      throw e;
    } catch (SdkException e) {
      if ("ResourceNotFoundException".equals(AwsErrors.code(e))) {
        throw new NotFoundException(Reasons.SECRET_NOT_FOUND, id + ": the secret does not exist");
      }
      throw AwsErrors.map(id, op, e, Reasons.STORE_FAILED, Reasons.STORE_FAILED);
    }
  }
}
