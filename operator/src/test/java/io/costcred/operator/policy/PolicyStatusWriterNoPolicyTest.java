package io.costcred.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Without a ClusterRotationPolicy a pass reads nothing from the CostCredential cache: each cached
 * CostCredential is unpacked on every read, so a pass that lists them all costs CPU for nothing.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyStatusWriterNoPolicyTest {
  static KubernetesClient client;

  @Test
  void aPassWithoutPoliciesNeverListsTheCredentials() {
    AtomicInteger lists = new AtomicInteger();
    Supplier<List<CostCredential>> credentials =
        () -> {
          lists.incrementAndGet();
          return List.of();
        };
    try (KubePolicySource source = new KubePolicySource(client);
        PolicyStatusWriter writer =
            new PolicyStatusWriter(
                client, source, credentials, Clock.systemUTC(), Duration.ofHours(1), 20)) {
      assertThat(writer.pass()).isZero();
      assertThat(writer.pass()).isZero();
    }
    assertThat(lists).hasValue(0);
  }
}
