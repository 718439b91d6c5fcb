package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.AwsCredentialsSpec;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.api.v1alpha1.VaultAuthSpec;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.peers.MotoServer;
import io.costcred.operator.peers.OpenBaoServer;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.store.aws.AwsClients;
import io.costcred.operator.store.aws.AwsConnection;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * The multi-store samples of config/samples, applied as written except for the addresses and
 * credentials of the local peers (real OpenBao and moto).
 */
@EnableKubernetesMockClient(crud = true)
class SamplesOnRealPeersTest {
  static KubernetesClient client;

  /** The sample with local addresses: Vault token auth, moto endpoint and static test keys. */
  private static CostCredential sample(Harness h, String file) throws Exception {
    CostCredential cr =
        Serialization.unmarshal(
            Files.readString(Path.of("../config/samples", file)), CostCredential.class);
    if (cr.getSpec().getProvider().getVantage() != null) {
      cr.getSpec().getProvider().getVantage().setApiBaseUrl(h.vantage.baseUrl().toString());
    }
    if (cr.getSpec().getProvider().getAwsIamAccessKey() != null) {
      cr.getSpec()
          .getProvider()
          .getAwsIamAccessKey()
          .setEndpoint(MotoServer.shared().endpoint().toString());
      cr.getSpec().getProvider().getAwsIamAccessKey().setCredentials(testKeys());
    }
    for (StoreSpec s : cr.getSpec().getStores()) {
      if (s.getVault() != null) {
        s.getVault().setAddress(OpenBaoServer.shared().address());
        s.getVault().setPath(s.getVault().getPath() + "-" + h.namespace);
        VaultAuthSpec auth = new VaultAuthSpec();
        auth.setTokenSecretRef(new SecretKeyRef("vault-token", "token"));
        s.getVault().setAuth(auth);
      }
      if (s.getAwsSecretsManager() != null) {
        s.getAwsSecretsManager().setEndpoint(MotoServer.shared().endpoint().toString());
        s.getAwsSecretsManager()
            .setSecretId(s.getAwsSecretsManager().getSecretId() + "-" + h.namespace);
        s.getAwsSecretsManager().setCredentials(testKeys());
      }
    }
    // Restarts are proven by RotationFlowTest, RealApiServerIT and the e2e suite; here the stores.
    cr.getSpec().setRestartTargets(new ArrayList<>());
    cr.getMetadata().setNamespace(h.namespace);
    return h.client.resource(cr).create();
  }

  private static AwsCredentialsSpec testKeys() {
    AwsCredentialsSpec c = new AwsCredentialsSpec();
    c.setAccessKeyIdSecretRef(new SecretKeyRef("aws-creds", "AWS_ACCESS_KEY_ID"));
    c.setSecretAccessKeySecretRef(new SecretKeyRef("aws-creds", "AWS_SECRET_ACCESS_KEY"));
    return c;
  }

  private static Harness harness(String prefix) throws Exception {
    Harness h = new Harness(client, prefix + "-" + System.nanoTime(), PatchMode.JSON_MERGE);
    h.installCrd();
    h.pool("aws-creds", Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"));
    h.pool("vault-token", Map.of("token", OpenBaoServer.shared().rootToken()));
    return h;
  }

  private static void settle(Harness h, RotationEngine engine, String name) {
    for (int i = 0;
        i < 10
            && (h.get(name).getStatus() == null
                || h.get(name).getStatus().getRotation() != null
                || h.get(name).getStatus().getCurrentToken() == null);
        i++) {
      engine.reconcile(h.get(name));
    }
  }

  @Test
  void vantageToAwsSecretsManagerSample() throws Exception {
    try (Harness h = harness("sample-aws")) {
      String token = h.issue("one");
      h.pool("vantage-aws-pool", Map.of("1", token, "2", h.issue("two")));
      CostCredential cr = sample(h, "vantage-to-aws-secrets-manager.yaml");
      settle(h, h.engine(StepHook.NONE), cr.getMetadata().getName());
      String secretId = cr.getSpec().getStores().get(0).getAwsSecretsManager().getSecretId();
      assertThat(sm(secretId)).isEqualTo("{\"token\":\"" + token + "\"}");
    }
  }

  @Test
  void awsIamKeyToKubernetesAndSecretsManagerSample() throws Exception {
    try (Harness h = harness("sample-iam")) {
      try (AwsClients admin = admin()) {
        admin.iam().createUser(CreateUserRequest.builder().userName("cur-exporter").build());
      } catch (software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException e) {
        // the shared moto already knows the user from an earlier test
      }
      CostCredential cr = sample(h, "aws-iam-key-to-kubernetes-and-secrets-manager.yaml");
      settle(h, h.engine(StepHook.NONE), cr.getMetadata().getName());
      var status = h.get(cr.getMetadata().getName()).getStatus();
      assertThat(status.getCurrentToken()).as("%s", Serialization.asJson(status)).isNotNull();
      String keyId = status.getCurrentToken().getId();
      assertThat(h.secretValue("cur-exporter-aws", "AWS_ACCESS_KEY_ID")).isEqualTo(keyId);
      String secretId = cr.getSpec().getStores().get(1).getAwsSecretsManager().getSecretId();
      assertThat(sm(secretId)).contains("\"AWS_ACCESS_KEY_ID\":\"" + keyId + "\"");
    }
  }

  private static AwsClients admin() {
    return new AwsClients(
        new AwsConnection(
            "us-east-1",
            MotoServer.shared().endpoint(),
            new AwsConnection.StaticKeys(SecretValue.of("testing"), SecretValue.of("testing")),
            null,
            0));
  }

  private static String sm(String secretId) {
    try (AwsClients admin = admin()) {
      return admin
          .secretsManager()
          .getSecretValue(
              GetSecretValueRequest.builder().secretId(secretId).versionStage("AWSCURRENT").build())
          .secretString();
    }
  }
}
