package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyRevocation;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationRecord;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.provider.aws.AwsIamAccessKeyProvider;
import io.costcred.operator.store.TokenLedger;
import io.costcred.operator.store.aws.AwsSecretsManagerStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * The IAM sample (an access key minted in moto, published to a Kubernetes Secret and to Secrets
 * Manager) with a consumer Deployment and a 48h retention, so that the deletion of the old key
 * after its retention is part of every run.
 */
final class IamKeyFixture extends CrashFixture {
  private final String user = "cur-exporter-" + System.nanoTime();
  private String secret;
  private String smId;
  private String firstKey;

  /** Every key id seen in IAM at any step. */
  private final Set<String> seen = new HashSet<>();

  /**
   * Whether the user also has a key of an admin's before the rotation under test, so that the
   * rotation must first make room under the two-key quota (the IAM preparation steps): Inactive for
   * a manual rotation (the operator removes only Inactive keys outside an emergency), Active for an
   * emergency (which makes room by deactivating, then deleting it).
   */
  private final boolean spare;

  IamKeyFixture(KubernetesClient client) throws Exception {
    this(client, false);
  }

  IamKeyFixture(KubernetesClient client, boolean spare) throws Exception {
    super(client, spare ? "crash-iam-spare" : "crash-iam");
    this.spare = spare;
    // Orphan detection compares IAM's creation dates with the rotation's start: use real time.
    h.clock.advance(
        Duration.between(h.clock.instant(), Instant.now().truncatedTo(ChronoUnit.SECONDS)));
  }

  @Override
  void create() throws Exception {
    iam.createUser(b -> b.userName(user));
    CostCredential cr = LocalPeers.sample(h, "aws-iam-key-to-kubernetes-and-secrets-manager.yaml");
    name = cr.getMetadata().getName();
    cr.getSpec().getProvider().getAwsIamAccessKey().setUserName(user);
    cr.getSpec().getProvider().getAwsIamAccessKey().setDeleteInactiveAfter("48h");
    secret = cr.getSpec().getStores().get(0).getKubernetesSecret().getName();
    smId = cr.getSpec().getStores().get(1).getAwsSecretsManager().getSecretId();
    consumers(cr, "cur-exporter");
    h.client.resource(cr).create();
  }

  @Override
  void started() {
    firstKey = status().getCurrentToken().getId();
    collectSecrets();
  }

  /** Adds the admin's spare key; Inactive unless {@code active}. */
  void addSpare(boolean active) {
    if (!spare) {
      return;
    }
    var key = iam.createAccessKey(b -> b.userName(user)).accessKey();
    secrets.add(key.secretAccessKey()); // never the operator's, and never to be seen in its output
    if (!active) {
      iam.updateAccessKey(
          b -> b.userName(user).accessKeyId(key.accessKeyId()).status(StatusType.INACTIVE));
    }
  }

  @Override
  void afterRotation(RotationEngine engine) {
    advance(Duration.ofDays(2)); // past the 24h grace period: the old key is deactivated
    engine.reconcile(h.get(name));
    advance(Duration.ofDays(3)); // past the 48h retention: the old key is deleted
    engine.reconcile(h.get(name));
  }

  private Map<String, StatusType> keys() {
    return iam.listAccessKeys(b -> b.userName(user)).accessKeyMetadata().stream()
        .collect(Collectors.toMap(k -> k.accessKeyId(), k -> k.status()));
  }

  /** Key ids the stores serve now (null where a store holds nothing). */
  private Map<String, String> served() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("kubernetesSecret", h.secretValue(secret, AwsIamAccessKeyProvider.ENV_ACCESS_KEY_ID));
    LocalPeers.SmSecret now = LocalPeers.sm(sm, smId);
    out.put(
        "awsSecretsManager",
        now == null ? null : now.currentField(AwsIamAccessKeyProvider.ENV_ACCESS_KEY_ID));
    return out;
  }

  @Override
  void check(String step) {
    collectSecrets();
    Map<String, StatusType> keys = keys();
    assertThat(keys.size()).as("at %s, keys of the user: %s", step, keys).isLessThanOrEqualTo(2);
    boolean vanished = !keys.keySet().containsAll(seen);
    seen.addAll(keys.keySet());
    if (!vanished && !keys.containsValue(StatusType.INACTIVE)) {
      return; // every key ever seen is there and Active: whatever a store serves works
    }
    served()
        .forEach(
            (store, id) -> {
              if (id != null) {
                assertThat(keys.get(id))
                    .as("at %s, %s serves key %s", step, store, id)
                    .isEqualTo(StatusType.ACTIVE);
              }
            });
  }

  /** Secret access keys the ledger holds (current, pending, retired): none may leak. */
  private void collectSecrets() {
    h.secretData(TokenLedger.secretName(name)).entrySet().stream()
        .filter(e -> e.getKey().endsWith("." + AwsIamAccessKeyProvider.SECRET_ACCESS_KEY))
        .forEach(e -> secrets.add(e.getValue()));
  }

  @Override
  void assertRecovered(boolean emergency) throws Exception {
    CostCredentialStatus st = status();
    assertThat(st.getRotation()).as("rotation finished").isNull();
    assertThat(st.getRevision()).isEqualTo(2);
    String current = st.getCurrentToken().getId();
    assertThat(current).isNotEqualTo(firstKey);
    // Both stores serve the current key and its secret, and the key works.
    String secretKey = h.secretValue(secret, AwsIamAccessKeyProvider.ENV_SECRET_ACCESS_KEY);
    LocalPeers.SmSecret stored = LocalPeers.sm(sm, smId);
    assertThat(served().values()).containsOnly(current);
    assertThat(stored.currentField(AwsIamAccessKeyProvider.ENV_SECRET_ACCESS_KEY))
        .isEqualTo(secretKey);
    Credential cred =
        new Credential(
            Map.of(
                AwsIamAccessKeyProvider.ACCESS_KEY_ID, SecretValue.of(current),
                AwsIamAccessKeyProvider.SECRET_ACCESS_KEY, SecretValue.of(secretKey)));
    assertThat(fp(cred)).isEqualTo(st.getCurrentToken().getFingerprint());
    assertWorks(current, secretKey);
    // No key lost: the user has the current key only; the old one and any orphan were deleted.
    assertThat(keys()).containsOnly(Map.entry(current, StatusType.ACTIVE));
    assertThat(seen).contains(firstKey);
    assertThat(st.getInactiveKeys()).isEmpty();
    assertThat(st.getPendingRevocations()).isEmpty();
    assertThat(st.getHistory())
        .filteredOn(r -> r.getOutcome() == RotationOutcome.KeyDeleted)
        .extracting(RotationRecord::getMessage)
        .containsExactly("key " + firstKey + " deleted after its retention");
    if (emergency) {
      var em = st.getLastEmergencyRotation();
      assertThat(em.getCompromisedToken().getId()).isEqualTo(firstKey);
      assertThat(em.getRevocation()).isEqualTo(EmergencyRevocation.RevokedByApi);
      assertThat(em.getLastUse()).containsEntry("accessKeyId", firstKey);
      assertThat(em.getCompletedAt()).isNotNull();
    }
    assertConsumersRestartedOnce();
    String version =
        AwsSecretsManagerStore.clientRequestToken(st.getCurrentToken().getRotationId());
    assertThat(stored.versionWith("AWSCURRENT")).isEqualTo(version);
    assertThat(store("awsSecretsManager/").getVersion()).isEqualTo(version);
    assertThat(stored.previousField(AwsIamAccessKeyProvider.ENV_ACCESS_KEY_ID)).isEqualTo(firstKey);
    assertThat(stored.versionWith("AWSPENDING")).isNull();
    secrets.add(secretKey);
    assertNoLeaks();
  }

  /** STS accepts the key as the user. */
  private void assertWorks(String keyId, String secretKey) {
    var as = StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secretKey));
    try (var sts = aws.sts(as)) {
      assertThat(sts.getCallerIdentity().arn()).endsWith(":user/" + user);
    }
  }
}
