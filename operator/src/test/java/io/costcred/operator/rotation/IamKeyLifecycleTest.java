package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.InactiveKey;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.api.v1alpha1.RotationRun;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.peers.FaultProxy;
import io.costcred.operator.provider.aws.AwsIamAccessKeyProvider;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.store.aws.AwsClients;
import io.costcred.operator.testing.Harness;
import io.costcred.testsupport.LeakScan;
import io.costcred.testsupport.MotoServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * An IAM access key's life after its rotation (deactivated after the grace period, deleted after
 * deleteInactiveAfter), the default store keys, and the dedicated reasons for a full key quota and
 * a denied call, through the engine against moto with an injected clock.
 */
@EnableKubernetesMockClient(crud = true)
class IamKeyLifecycleTest {
  static KubernetesClient client;
  private Harness h;
  private AwsClients admin;
  private IamClient iam;
  private String user;

  @BeforeEach
  void setUp() throws Exception {
    h = new Harness(client, "iam-" + System.nanoTime(), PatchMode.JSON_MERGE);
    // Orphan detection compares IAM's creation dates with the rotation's start: use real time.
    h.clock.advance(
        Duration.between(h.clock.instant(), Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    h.installCrd();
    LocalPeers.credentials(h);
    admin = LocalPeers.admin();
    iam = admin.iam();
    user = "finops-" + System.nanoTime();
    iam.createUser(b -> b.userName(user));
  }

  @AfterEach
  void tearDown() {
    admin.close();
    h.close();
  }

  private void apply(String endpoint, String extraSpec, String stores) {
    h.apply(
        """
        apiVersion: costcred.io/v1alpha1
        kind: CostCredential
        metadata: {name: aws}
        spec:
          provider:
            awsIamAccessKey:
              userName: %s
              connectionRef: {name: %s}
              %s
          rotation: {interval: 720h, gracePeriod: 24h}
          stores:
        %s
        """
            .formatted(
                user,
                LocalPeers.awsConnection(h, java.net.URI.create(endpoint)),
                extraSpec,
                stores.indent(4)));
  }

  private String smStore(String secretId) {
    return "- awsSecretsManager: {secretId: \"%s\", connectionRef: {name: %s}}"
        .formatted(secretId, LocalPeers.AWS_CONNECTION);
  }

  private Map<String, StatusType> keys() {
    return iam.listAccessKeys(b -> b.userName(user)).accessKeyMetadata().stream()
        .collect(Collectors.toMap(k -> k.accessKeyId(), k -> k.status()));
  }

  private CostCredentialStatus reconcile(RotationEngine engine) {
    engine.reconcile(h.get("aws"));
    return h.get("aws").getStatus();
  }

  @Test
  void storesWithoutKeyMappingsGetTheAwsEnvironmentVariableNames() throws Exception {
    String path = "finops/" + h.namespace;
    String secretId = "costcred/" + h.namespace + "/iam";
    apply(
        MotoServer.shared().endpoint().toString(),
        "",
        "- kubernetesSecret: {name: aws-out}\n"
            + "- vault: {connectionRef: {name: %s}, path: \"%s\"}\n"
                .formatted(LocalPeers.VAULT_CONNECTION, path)
            + smStore(secretId));
    CostCredentialStatus st = reconcile(h.engine(StepHook.NONE));
    String keyId = st.getCurrentToken().getId();
    String secret = h.secretValue("aws-out", "AWS_SECRET_ACCESS_KEY");
    Map<String, String> expected =
        Map.of("AWS_ACCESS_KEY_ID", keyId, "AWS_SECRET_ACCESS_KEY", secret);
    assertThat(h.secretData("aws-out")).isEqualTo(expected);
    LocalPeers.KvSecret kv = LocalPeers.vault("secret", path);
    assertThat(
            Map.of(
                "AWS_ACCESS_KEY_ID",
                kv.field("AWS_ACCESS_KEY_ID"),
                "AWS_SECRET_ACCESS_KEY",
                kv.field("AWS_SECRET_ACCESS_KEY")))
        .isEqualTo(expected);
    assertThat(kv.data().size()).isEqualTo(2);
    LocalPeers.SmSecret sm = LocalPeers.sm(admin.secretsManager(), secretId);
    assertThat(LocalPeers.parse(sm.current()).size()).isEqualTo(2);
    assertThat(sm.currentField("AWS_ACCESS_KEY_ID")).isEqualTo(keyId);
    assertThat(sm.currentField("AWS_SECRET_ACCESS_KEY")).isEqualTo(secret);
  }

  @Test
  void aDeactivatedKeyIsDeletedAfterItsRetentionAndOnlyThen() throws Exception {
    apply(
        MotoServer.shared().endpoint().toString(),
        "deleteInactiveAfter: 72h",
        "- kubernetesSecret: {name: aws-out}");
    RotationEngine engine = h.engine(StepHook.NONE);
    String first = reconcile(engine).getCurrentToken().getId();
    h.annotate("aws", Annotations.ROTATE, "yearly");
    String second = reconcile(engine).getCurrentToken().getId();
    assertThat(keys()).containsOnlyKeys(first, second);

    h.clock.advance(Duration.ofHours(25)); // past the grace period: deactivated and recorded
    Instant deactivated = h.clock.instant();
    CostCredentialStatus st = reconcile(engine);
    assertThat(keys()).containsEntry(first, StatusType.INACTIVE);
    assertThat(st.getInactiveKeys()).hasSize(1);
    InactiveKey k = st.getInactiveKeys().get(0);
    assertThat(k.getId()).isEqualTo(first);
    assertThat(Times.parse(k.getDeactivatedAt())).isEqualTo(deactivated);
    assertThat(Times.parse(k.getDeleteAfter())).isEqualTo(deactivated.plus(Duration.ofHours(72)));

    h.clock.advance(Duration.ofHours(71)); // not yet
    st = reconcile(engine);
    assertThat(keys()).containsOnlyKeys(first, second);
    assertThat(st.getInactiveKeys()).hasSize(1);

    h.clock.advance(Duration.ofHours(1));
    st = reconcile(engine);
    assertThat(keys()).containsOnly(Map.entry(second, StatusType.ACTIVE)); // never the current key
    assertThat(st.getInactiveKeys()).isEmpty();
    assertThat(st.getHistory().get(0).getOutcome()).isEqualTo(RotationOutcome.KeyDeleted);
    assertThat(st.getHistory().get(0).getMessage()).contains(first);
    assertThat(h.events.has("InactiveKeyDeleted")).isTrue();
    LeakScan.assertNoSecrets(
        "status",
        Serialization.asJson(st),
        List.of(h.secretValue("aws-out", "AWS_SECRET_ACCESS_KEY")));
  }

  @Test
  void aKeyAlreadyGoneCountsAsDeletedAndAReactivatedOneIsLeftAlone() throws Exception {
    apply(
        MotoServer.shared().endpoint().toString(),
        "deleteInactiveAfter: 1h",
        "- kubernetesSecret: {name: aws-out}");
    RotationEngine engine = h.engine(StepHook.NONE);
    String first = reconcile(engine).getCurrentToken().getId();
    h.annotate("aws", Annotations.ROTATE, "one");
    String second = reconcile(engine).getCurrentToken().getId();
    h.clock.advance(Duration.ofHours(25));
    reconcile(engine);
    iam.deleteAccessKey(b -> b.userName(user).accessKeyId(first)); // an admin was quicker
    h.clock.advance(Duration.ofHours(2));
    CostCredentialStatus st = reconcile(engine);
    assertThat(st.getInactiveKeys()).isEmpty();
    assertThat(st.getHistory().get(0).getMessage()).contains(first).contains("already gone");
    assertThat(st.getLastFailure()).isNull();

    h.annotate("aws", Annotations.ROTATE, "two");
    String third = reconcile(engine).getCurrentToken().getId();
    h.clock.advance(Duration.ofHours(25));
    reconcile(engine);
    assertThat(keys()).containsEntry(second, StatusType.INACTIVE);
    iam.updateAccessKey(b -> b.userName(user).accessKeyId(second).status(StatusType.ACTIVE));
    h.clock.advance(Duration.ofHours(2));
    st = reconcile(engine);
    assertThat(st.getInactiveKeys()).isEmpty();
    assertThat(keys()).containsOnlyKeys(second, third);
    assertThat(h.events.has("InactiveKeyReactivated")).isTrue();
  }

  @Test
  void theCurrentKeyIsNeverDeletedWhateverInactiveKeysSays() {
    apply(MotoServer.shared().endpoint().toString(), "", "- kubernetesSecret: {name: aws-out}");
    RotationEngine engine = h.engine(StepHook.NONE);
    String current = reconcile(engine).getCurrentToken().getId();
    var cr = h.get("aws");
    InactiveKey bogus = new InactiveKey();
    bogus.setId(current);
    bogus.setDeleteAfter(Times.format(h.clock.instant().minusSeconds(1)));
    cr.getStatus().getInactiveKeys().add(bogus);
    h.client.resource(cr).updateStatus();
    CostCredentialStatus st = reconcile(engine);
    assertThat(keys()).containsOnly(Map.entry(current, StatusType.ACTIVE));
    assertThat(st.getInactiveKeys()).isEmpty();
    assertThat(h.events.has("InactiveKeyInUse")).isTrue();
  }

  /**
   * Item 5: whoever may patch costcredentials/status forges a rotation started long ago, calls an
   * admin's key current and lists keys as inactive. The operator deletes or deactivates no key it
   * did not mint or deactivate itself: the ledger, not the status, says which keys are its own.
   */
  @Test
  void aForgedStatusDeletesNoKeyTheOperatorDidNotRecord() {
    apply(MotoServer.shared().endpoint().toString(), "", "- kubernetesSecret: {name: aws-out}");
    RotationEngine engine = h.engine(StepHook.NONE);
    String current = reconcile(engine).getCurrentToken().getId();
    String admins = iam.createAccessKey(b -> b.userName(user)).accessKey().accessKeyId();
    h.clock.advance(Duration.ofMinutes(10));

    var cr = h.get("aws");
    long revision = cr.getStatus().getRevision();
    RotationRun forged = new RotationRun();
    forged.setId(cr.getMetadata().getUid() + "-r" + (revision + 1));
    forged.setTrigger(RotationTrigger.Manual);
    forged.setPhase(RotationPhase.Obtaining);
    forged.setStartedAt("2000-01-01T00:00:00Z"); // every key looks created during it
    forged.setPhaseSince("2000-01-01T00:00:00Z");
    cr.getStatus().setRotation(forged);
    cr.getStatus().getCurrentToken().setId(admins); // the admin's key "is current"
    InactiveKey bogus = new InactiveKey();
    bogus.setId(current);
    bogus.setDeleteAfter("2000-01-02T00:00:00Z");
    cr.getStatus().getInactiveKeys().add(bogus);
    h.client.resource(cr).updateStatus();
    for (int i = 0; i < 3; i++) {
      reconcile(engine);
      h.clock.advance(Duration.ofMinutes(10));
    }
    assertThat(keys())
        .as("the operator's current key and the admin's key, both Active")
        .containsOnly(Map.entry(current, StatusType.ACTIVE), Map.entry(admins, StatusType.ACTIVE));
    CostCredentialStatus st = h.get("aws").getStatus();
    assertThat(Conditions.hasReason(st, Reasons.DEGRADED, Reasons.ACCESS_KEY_QUOTA_FULL)).isTrue();

    // Later: the admin deactivates their own key; status (forged) lists it for deletion.
    iam.updateAccessKey(b -> b.userName(user).accessKeyId(admins).status(StatusType.INACTIVE));
    cr = h.get("aws");
    cr.getStatus().setRotation(null);
    cr.getStatus().getCurrentToken().setId("forged-" + java.util.UUID.randomUUID());
    cr.getStatus().getInactiveKeys().clear();
    InactiveKey theirs = new InactiveKey();
    theirs.setId(admins);
    theirs.setDeleteAfter("2000-01-02T00:00:00Z");
    cr.getStatus().getInactiveKeys().add(theirs);
    cr.getStatus().getInactiveKeys().add(bogus);
    h.client.resource(cr).updateStatus();
    st = reconcile(engine);
    assertThat(keys())
        .containsOnly(
            Map.entry(current, StatusType.ACTIVE), Map.entry(admins, StatusType.INACTIVE));
    assertThat(st.getInactiveKeys()).isEmpty();
    assertThat(h.events.has("InactiveKeyNotRecorded")).isTrue();
    assertThat(h.events.has("InactiveKeyInUse")).isTrue();
  }

  @Test
  void twoActiveKeysBlockTheRotationWithAccessKeyQuotaFull() {
    String one = iam.createAccessKey(b -> b.userName(user)).accessKey().accessKeyId();
    String two = iam.createAccessKey(b -> b.userName(user)).accessKey().accessKeyId();
    h.clock.advance(Duration.ofMinutes(10));
    apply(MotoServer.shared().endpoint().toString(), "", "- kubernetesSecret: {name: aws-out}");
    CostCredentialStatus st = reconcile(h.engine(StepHook.NONE));
    assertThat(Conditions.hasReason(st, Reasons.READY, Reasons.ACCESS_KEY_QUOTA_FULL)).isTrue();
    assertThat(Conditions.hasReason(st, Reasons.DEGRADED, Reasons.ACCESS_KEY_QUOTA_FULL)).isTrue();
    assertThat(Conditions.get(st, Reasons.DEGRADED).orElseThrow().getMessage())
        .contains(one)
        .contains(two)
        .contains("deactivate the one not in use");
    assertThat(h.events.has(Reasons.ACCESS_KEY_QUOTA_FULL)).isTrue();
    assertThat(keys()).containsOnlyKeys(one, two);
  }

  @Test
  void anAdoptedKeyIsKnownByItsIdSoAnEmergencyRemovesTheSpareNotTheKeyInUse() {
    var inUse = iam.createAccessKey(b -> b.userName(user)).accessKey();
    String spare = iam.createAccessKey(b -> b.userName(user)).accessKey().accessKeyId();
    h.clock.advance(Duration.ofMinutes(10)); // not orphans of the rotation below
    h.pool(
        "aws-out",
        Map.of(
            "AWS_ACCESS_KEY_ID", inUse.accessKeyId(),
            "AWS_SECRET_ACCESS_KEY", inUse.secretAccessKey()));
    apply(MotoServer.shared().endpoint().toString(), "", "- kubernetesSecret: {name: aws-out}");
    RotationEngine engine = h.engine(StepHook.NONE);
    CostCredentialStatus st = reconcile(engine);
    assertThat(st.getHistory().get(0).getOutcome()).isEqualTo(RotationOutcome.Adopted);
    assertThat(st.getCurrentToken().getId()).isEqualTo(inUse.accessKeyId());

    h.annotate("aws", Annotations.EMERGENCY, "key pasted in a ticket");
    st = reconcile(engine);

    String fresh = h.secretValue("aws-out", "AWS_ACCESS_KEY_ID");
    assertThat(fresh).as("published in the first pass").isNotIn(inUse.accessKeyId(), spare);
    assertThat(st.getLastFailure()).as("no quota failure first").isNull();
    assertThat(keys())
        .as("the spare made room; the compromised key is deactivated, kept for the retention")
        .containsOnlyKeys(inUse.accessKeyId(), fresh)
        .containsEntry(inUse.accessKeyId(), StatusType.INACTIVE)
        .containsEntry(fresh, StatusType.ACTIVE);
    assertThat(st.getLastEmergencyRotation().getCompromisedToken().getId())
        .isEqualTo(inUse.accessKeyId());
    assertThat(st.getLastEmergencyRotation().getLastUse()).isNotNull();
  }

  @Test
  void aDeniedCallIsAccessDeniedNamingThePermission() {
    try (FaultProxy proxy = new FaultProxy(MotoServer.shared().endpoint())) {
      proxy.failNext(100, r -> r.is("ListAccessKeys"), FaultProxy.Fault.query(403, "AccessDenied"));
      apply(proxy.endpoint().toString(), "", "- kubernetesSecret: {name: aws-out}");
      CostCredentialStatus st = reconcile(h.engine(StepHook.NONE));
      assertThat(Conditions.hasReason(st, Reasons.DEGRADED, Reasons.ACCESS_DENIED)).isTrue();
      assertThat(Conditions.get(st, Reasons.DEGRADED).orElseThrow().getMessage())
          .contains("must allow iam:ListAccessKeys on user " + user);
      assertThat(keys()).isEmpty();
    }
  }

  @Test
  void keyIdsGoToTheDocumentedStoreKeys() {
    assertThat(AwsIamAccessKeyProvider.defaultKeyMappings())
        .extracting(m -> m.getKey() + "=" + m.getField())
        .containsExactly("AWS_ACCESS_KEY_ID=accessKeyId", "AWS_SECRET_ACCESS_KEY=secretAccessKey");
  }
}
