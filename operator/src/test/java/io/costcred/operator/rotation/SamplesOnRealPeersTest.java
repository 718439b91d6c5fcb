package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.store.aws.AwsClients;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
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

  /** The sample pointed at the local peers, without restart targets, created. */
  private static CostCredential sample(Harness h, String file) throws Exception {
    CostCredential cr = LocalPeers.sample(h, file);
    // Restarts are proven by RotationFlowTest, RealApiServerIT and the e2e suite; here the stores.
    cr.getSpec().setRestartTargets(new ArrayList<>());
    return h.client.resource(cr).create();
  }

  private static Harness harness(String prefix) throws Exception {
    Harness h = new Harness(client, prefix + "-" + System.nanoTime(), PatchMode.JSON_MERGE);
    h.installCrd();
    LocalPeers.credentials(h);
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
      try (AwsClients admin = LocalPeers.admin()) {
        admin
            .iam()
            .createUser(CreateUserRequest.builder().userName("cost.finops.cur-exporter").build());
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

  private static String sm(String secretId) {
    try (AwsClients admin = LocalPeers.admin()) {
      return admin
          .secretsManager()
          .getSecretValue(
              GetSecretValueRequest.builder().secretId(secretId).versionStage("AWSCURRENT").build())
          .secretString();
    }
  }
}
