package io.costcred.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.api.v1alpha1.ClusterRotationPolicySpec;
import io.costcred.operator.api.v1alpha1.ClusterRotationPolicyStatus;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Policy status against the mock API server: counts, validity and ties are written once, an
 * unchanged world writes nothing, and a change writes only the policy it affects.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyStatusWriterTest {
  static KubernetesClient client;

  @Test
  void writesOnlyWhatChanged() {
    namespace("prod-a", Map.of("env", "prod"));
    namespace("scratch", Map.of());
    policy("a", 0, Map.of("env", "prod"), null);
    policy("c", 0, Map.of("env", "prod"), null);
    ClusterRotationPolicySpec bad = spec(-1, null);
    bad.setMaxInterval("24h");
    bad.setMaxGracePeriod("48h");
    create("b", bad);
    List<CostCredential> credentials =
        new ArrayList<>(List.of(credential("prod-a", null), credential("scratch", "a")));
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    try (KubePolicySource source = new KubePolicySource(client);
        PolicyStatusWriter writer =
            new PolicyStatusWriter(
                client, source, () -> credentials, clock, Duration.ofHours(1), 20)) {
      assertThat(writer.pass()).isEqualTo(3);

      ClusterRotationPolicyStatus a = status("a");
      assertThat(a.getSelectedNamespaces()).isEqualTo(1);
      assertThat(a.getGovernedCredentials())
          .as("winner in prod-a, policyRef in scratch")
          .isEqualTo(2);
      assertThat(ready(a).getReason()).isEqualTo(ClusterRotationPolicyStatus.REASON_PRIORITY_TIE);
      assertThat(ready(a).getMessage()).contains("same priority as c");
      ClusterRotationPolicyStatus b = status("b");
      assertThat(b.getSelectedNamespaces()).isEqualTo(2);
      assertThat(b.getGovernedCredentials()).as("wins only in scratch").isEqualTo(1);
      assertThat(ready(b).getStatus()).isEqualTo("False");
      assertThat(ready(b).getReason()).isEqualTo(ClusterRotationPolicyStatus.REASON_INVALID_SPEC);
      assertThat(ready(b).getMessage()).contains("maxGracePeriod must be shorter than maxInterval");
      assertThat(status("c").getGovernedCredentials()).isZero();

      awaitCached(source, 3);
      assertThat(writer.pass()).as("idle: nothing changed, nothing written").isZero();

      credentials.add(credential("prod-a", null));
      assertThat(writer.pass()).as("only a governs one more").isEqualTo(1);
      assertThat(status("a").getGovernedCredentials()).isEqualTo(3);
      assertThat(ready(status("a")).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    }
  }

  @Test
  void writesAtMostTheBudgetPerPass() {
    for (int i = 0; i < 5; i++) {
      policy("budget-" + i, 0, Map.of("budget", "x" + i), null);
    }
    try (KubePolicySource source = new KubePolicySource(client);
        PolicyStatusWriter writer =
            new PolicyStatusWriter(
                client, source, List::of, Clock.systemUTC(), Duration.ofHours(1), 2)) {
      assertThat(writer.pass()).isEqualTo(2);
    }
  }

  private static void awaitCached(KubePolicySource source, int withStatus) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                source.policies().stream().filter(p -> p.getStatus() != null).count()
                    >= withStatus);
  }

  private static Condition ready(ClusterRotationPolicyStatus s) {
    return s.getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().get();
  }

  private static ClusterRotationPolicyStatus status(String name) {
    return client.resources(ClusterRotationPolicy.class).withName(name).get().getStatus();
  }

  private static void namespace(String name, Map<String, String> labels) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .createOr(NonDeletingOperation::update);
  }

  private static void policy(
      String name, int priority, Map<String, String> selector, String maxInterval) {
    ClusterRotationPolicySpec s = spec(priority, selector);
    s.setMaxInterval(maxInterval);
    create(name, s);
  }

  private static ClusterRotationPolicySpec spec(int priority, Map<String, String> selector) {
    ClusterRotationPolicySpec s = new ClusterRotationPolicySpec();
    s.setPriority(priority);
    s.setNamespaceSelector(selector);
    return s;
  }

  private static void create(String name, ClusterRotationPolicySpec spec) {
    ClusterRotationPolicy p = new ClusterRotationPolicy();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(1L).build());
    p.setSpec(spec);
    client.resource(p).createOr(NonDeletingOperation::update);
  }

  private static CostCredential credential(String namespace, String policyRef) {
    CostCredential c = new CostCredential();
    c.setMetadata(new ObjectMetaBuilder().withName("c").withNamespace(namespace).build());
    c.setSpec(new CostCredentialSpec());
    c.getSpec().setPolicyRef(policyRef);
    return c;
  }
}
