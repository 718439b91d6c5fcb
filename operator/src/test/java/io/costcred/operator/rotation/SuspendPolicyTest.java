package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.api.v1alpha1.ClusterRotationPolicySpec;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The governing ClusterRotationPolicy's maxInterval, read by the production plan factory, bounds
 * spec.suspend: the suspended credential's token is rotated once it is that old.
 */
@EnableKubernetesMockClient(crud = true)
class SuspendPolicyTest {
  static KubernetesClient client;

  @Test
  void aPolicyMaxIntervalForcesARotationOfASuspendedCredential() throws Exception {
    String ns = "suspended-" + System.nanoTime();
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
      policy.setMetadata(new ObjectMetaBuilder().withName("production-" + ns).build());
      ClusterRotationPolicySpec spec = new ClusterRotationPolicySpec();
      spec.setNamespaceSelector(Map.of("env", "production"));
      spec.setMaxInterval("2400h"); // 100 days; the sample's preset rotates every 90
      policy.setSpec(spec);
      h.client.resource(policy).create();
      Scenario s = new Scenario(h);
      RotationEngine engine = h.engine(StepHook.NONE);
      Awaitility.await()
          .untilAsserted(
              () -> {
                s.settle(engine);
                assertThat(s.cr().getStatus().getRevision()).isEqualTo(1);
              });
      Instant first = Instant.parse(s.cr().getStatus().getLastRotationTime());
      h.client
          .resources(CostCredential.class)
          .inNamespace(ns)
          .withName(Scenario.NAME)
          .edit(
              c -> {
                c.getSpec().setSuspend(true);
                return c;
              });
      engine.reconcile(s.cr());
      CostCredentialStatus st = s.cr().getStatus();
      Instant forced = Instant.parse(st.getNextRotationTime());
      assertThat(forced).as("not before the policy's 100 days").isAfter(first.plus(days(99)));
      assertThat(forced).as("the next window after 100 days").isBefore(first.plus(days(107)));
      assertThat(Conditions.get(st, Reasons.ROTATING).orElseThrow().getReason())
          .isEqualTo(Reasons.SUSPENDED);

      h.clock.advance(days(95)); // past the 90-day preset: suspended, nothing happens
      s.settle(engine);
      assertThat(s.cr().getStatus().getRevision()).isEqualTo(1);

      h.clock.advance(Duration.between(h.clock.instant(), forced).plusMinutes(1));
      s.settle(engine);
      st = s.cr().getStatus();
      assertThat(st.getRevision()).as("rotated at the policy's limit").isEqualTo(2);
      assertThat(st.getHistory().get(0).getTrigger()).isEqualTo(RotationTrigger.Scheduled);
    }
  }

  private static Duration days(int n) {
    return Duration.ofDays(n);
  }
}
