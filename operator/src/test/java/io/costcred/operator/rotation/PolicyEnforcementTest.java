package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.api.v1alpha1.ClusterRotationPolicySpec;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A ClusterRotationPolicy's limits block every write of a CostCredential that breaks them. */
@EnableKubernetesMockClient(crud = true)
class PolicyEnforcementTest {
  static KubernetesClient client;

  @Test
  void violationBlocksAllWritesUntilTheCredentialComplies() throws Exception {
    String ns = "prod-" + System.nanoTime();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .addToLabels("env", "production")
                .endMetadata()
                .build())
        .create();
    try (Harness h = new Harness(client, ns, PatchMode.JSON_MERGE)) {
      h.installCrd();
      ClusterRotationPolicy policy = new ClusterRotationPolicy();
      policy.setMetadata(new ObjectMetaBuilder().withName("production").build());
      ClusterRotationPolicySpec spec = new ClusterRotationPolicySpec();
      spec.setNamespaceSelector(Map.of("env", "production"));
      spec.setMaxInterval("720h"); // 30 days: the sample's production preset (90 days) is too long
      policy.setSpec(spec);
      h.client.resource(policy).create();
      Scenario s = new Scenario(h);
      RotationEngine engine = h.engine(StepHook.NONE);
      Awaitility.await()
          .untilAsserted(
              () -> {
                engine.reconcile(s.cr());
                CostCredentialStatus st = s.cr().getStatus();
                assertThat(Conditions.hasReason(st, Reasons.READY, Reasons.POLICY_VIOLATION))
                    .isTrue();
              });
      CostCredentialStatus st = s.cr().getStatus();
      assertThat(Conditions.get(st, Reasons.READY).orElseThrow().getMessage())
          .contains("maxInterval 720h", "ClusterRotationPolicy production");
      assertThat(h.secretValue(Scenario.NAME, "token")).isNull(); // nothing published
      assertThat(h.secretData(Scenario.POOL)).hasSize(3); // nothing taken
      assertThat(h.events.has(Reasons.POLICY_VIOLATION)).isTrue();

      h.client
          .resources(io.costcred.operator.api.v1alpha1.CostCredential.class)
          .inNamespace(ns)
          .withName(Scenario.NAME)
          .edit(
              c -> {
                c.getSpec().getRotation().setPreset(null);
                c.getSpec().getRotation().setInterval("720h");
                return c;
              });
      s.settle(engine);
      assertThat(Conditions.isTrue(s.cr().getStatus(), Reasons.READY)).isTrue();
      assertThat(s.servedToken()).isEqualTo(s.first);
    }
  }
}
