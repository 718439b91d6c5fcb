package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyRevocation;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.peers.FaultProxy;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.store.aws.AwsClients;
import io.costcred.operator.store.aws.AwsConnection;
import io.costcred.operator.testing.Harness;
import io.costcred.testsupport.LeakScan;
import io.costcred.testsupport.MotoServer;
import io.costcred.testsupport.OpenBaoServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Rotations that publish to several stores (Kubernetes, real OpenBao, moto's Secrets Manager) and
 * an AWS IAM access key minted in moto, driven through the CRD spec as users write it.
 */
@EnableKubernetesMockClient(crud = true)
class MultiStoreRotationTest {
  static KubernetesClient client;
  private Harness h;

  @BeforeEach
  void setUp() throws Exception {
    h = new Harness(client, "multi-" + System.nanoTime(), PatchMode.JSON_MERGE);
    h.installCrd();
    LocalPeers.credentials(h); // the team's own Secrets and connections to OpenBao and moto
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void vantageTokenReachesKubernetesVaultAndSecretsManagerOrNothingIsRevoked() throws Exception {
    String first = h.issue("one");
    String second = h.issue("two");
    h.pool("pool", Map.of("1", first, "2", second, "3", h.issue("three")));
    String path = "finops/" + h.namespace;
    FaultProxy proxy = new FaultProxy(MotoServer.shared().endpoint());
    String secretId = "costcred/" + h.namespace + "/vantage";
    h.apply(
        """
        apiVersion: costcred.io/v1alpha1
        kind: CostCredential
        metadata: {name: multi}
        spec:
          provider: {vantage: {apiBaseUrl: "%s", tokenPool: {name: pool}}}
          stores:
            - kubernetesSecret: {name: out}
            - vault: {connectionRef: {name: %s}, path: "%s"}
            - awsSecretsManager: {secretId: "%s", connectionRef: {name: %s}}
        """
            .formatted(
                h.vantage.baseUrl(),
                LocalPeers.VAULT_CONNECTION,
                path,
                secretId,
                LocalPeers.awsConnection(h, proxy.endpoint())));
    RotationEngine engine = h.engine(StepHook.NONE);
    engine.reconcile(h.get("multi"));
    CostCredentialStatus st = h.get("multi").getStatus();
    assertThat(st.getStores())
        .extracting(s -> s.getStore())
        .containsExactly(
            "kubernetesSecret/out", "vault/secret/" + path, "awsSecretsManager/" + secretId);
    assertThat(h.secretValue("out", "token")).isEqualTo(first);
    assertThat(OpenBaoServer.shared().ok("GET", "secret/data/" + path, null)).contains(first);
    assertThat(sm(secretId)).contains(first);

    // Secrets Manager fails while the next rotation publishes: the old token must stay valid.
    h.annotate("multi", Annotations.ROTATE, "two");
    proxy.failNext(50, r -> true, FaultProxy.Fault.json(503, "ServiceUnavailable"));
    engine.reconcile(h.get("multi"));
    st = h.get("multi").getStatus();
    assertThat(st.getRotation().getPhase()).isEqualTo(RotationPhase.Publishing);
    assertThat(st.getLastFailure().getMessage()).contains("awsSecretsManager/" + secretId);
    assertThat(h.secretValue("out", "token")).isEqualTo(second); // Kubernetes already has it
    assertThat(st.getPendingRevocations()).isEmpty(); // nothing revoked while a store lags
    proxy.clear(); // Secrets Manager is back
    h.clock.advance(Duration.ofMinutes(2));
    engine.reconcile(h.get("multi"));
    st = h.get("multi").getStatus();
    assertThat(st.getRotation()).isNull();
    assertThat(sm(secretId)).contains(second);
    assertThat(st.getPendingRevocations()).hasSize(1);
    LeakScan.assertNoSecrets("status", Serialization.asJson(st), List.of(first, second));
    proxy.close();
  }

  @Test
  void awsAccessKeyIsMintedPublishedAndAnEmergencyRecordsItsLastUse() throws Exception {
    String user = "finops-" + System.nanoTime();
    try (AwsClients admin =
        new AwsClients(
            new AwsConnection(
                "us-east-1",
                MotoServer.shared().endpoint(),
                new AwsConnection.StaticKeys(SecretValue.of("testing"), SecretValue.of("testing")),
                null,
                0))) {
      admin.iam().createUser(CreateUserRequest.builder().userName(user).build());
    }
    String secretId = "costcred/" + h.namespace + "/aws";
    h.apply(
        """
        apiVersion: costcred.io/v1alpha1
        kind: CostCredential
        metadata: {name: aws}
        spec:
          provider: {awsIamAccessKey: {userName: %s, connectionRef: {name: %s}}}
          rotation: {interval: 720h, gracePeriod: 1h}
          stores:
            - kubernetesSecret: {name: aws-out}
            - awsSecretsManager: {secretId: "%s", connectionRef: {name: %s}}
        """
            .formatted(user, LocalPeers.AWS_CONNECTION, secretId, LocalPeers.AWS_CONNECTION));
    RotationEngine engine = h.engine(StepHook.NONE);
    engine.reconcile(h.get("aws"));
    CostCredentialStatus st = h.get("aws").getStatus();
    String firstKey = st.getCurrentToken().getId();
    assertThat(firstKey).startsWith("AKIA");
    assertThat(h.secretData("aws-out")).containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    assertThat(h.secretValue("aws-out", "AWS_ACCESS_KEY_ID")).isEqualTo(firstKey);
    assertThat(sm(secretId)).contains(firstKey);

    h.annotate("aws", Annotations.EMERGENCY, "key in a public repo");
    engine.reconcile(h.get("aws"));
    st = h.get("aws").getStatus();
    assertThat(st.getRevision()).isEqualTo(2);
    var em = st.getLastEmergencyRotation();
    assertThat(em.getRevocation()).isEqualTo(EmergencyRevocation.RevokedByApi);
    assertThat(em.getCompromisedToken().getId()).isEqualTo(firstKey);
    assertThat(em.getLastUse()).containsEntry("accessKeyId", firstKey).containsKey("lastUsedDate");
    assertThat(h.secretValue("aws-out", "AWS_ACCESS_KEY_ID")).isNotEqualTo(firstKey);
    String secret = h.secretValue("aws-out", "AWS_SECRET_ACCESS_KEY");
    LeakScan.assertNoSecrets("status", Serialization.asJson(st), List.of(secret));
    LeakScan.assertNoSecrets(
        "events", h.events.events.stream().map(Object::toString).toList(), List.of(secret));
    assertThat(Credential.token(SecretValue.of(secret)).toString()).doesNotContain(secret);
  }

  private static String sm(String secretId) throws Exception {
    try (AwsClients admin =
        new AwsClients(
            new AwsConnection(
                "us-east-1",
                MotoServer.shared().endpoint(),
                new AwsConnection.StaticKeys(SecretValue.of("testing"), SecretValue.of("testing")),
                null,
                0))) {
      return admin
          .secretsManager()
          .getSecretValue(
              GetSecretValueRequest.builder().secretId(secretId).versionStage("AWSCURRENT").build())
          .secretString();
    }
  }
}
