package io.costcred.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which CostCredentials an event of a reader or a workload reconciles; no API server. */
class ConsumerSourcesTest {
  private static CostCredential credential(String name, String store, String target) {
    return Serialization.unmarshal(
        """
        apiVersion: costcred.io/v1alpha1
        kind: CostCredential
        metadata: {name: %s, namespace: team-a}
        spec:
          provider: {vantage: {tokenPool: {name: pool}}}
          stores: [{kubernetesSecret: {name: %s}}]
          restartTargets: [%s]
        """
            .formatted(name, store, target),
        CostCredential.class);
  }

  private static final List<CostCredential> CREDENTIALS =
      List.of(
          credential("a", "a-out", "{kind: Deployment, name: web}"),
          credential("b", "b-out", "{kind: Rollout, matchLabels: {tier: api}}"),
          credential("c", "c-out", ""));

  private static Set<String> affected(
      Set<String> read, WorkloadKind kind, String name, Map<String, String> labels) {
    return ConsumerSources.affected(CREDENTIALS.stream(), read, kind, name, labels).stream()
        .map(ResourceID::getName)
        .collect(Collectors.toSet());
  }

  @Test
  void aReaderReconcilesTheCredentialsThatStoreWhatItReads() {
    assertThat(affected(Set.of("a-out", "c-out", "unrelated"), null, "pod", Map.of()))
        .containsExactlyInAnyOrder("a", "c");
    assertThat(affected(Set.of("unrelated"), null, "pod", Map.of())).isEmpty();
    assertThat(affected(Set.of(), null, "pod", Map.of())).isEmpty();
  }

  @Test
  void aWorkloadAlsoReconcilesTheCredentialsThatTargetItByNameOrLabels() {
    assertThat(affected(Set.of(), WorkloadKind.Deployment, "web", Map.of())).containsExactly("a");
    assertThat(affected(Set.of(), WorkloadKind.StatefulSet, "web", Map.of())).isEmpty();
    assertThat(affected(Set.of(), WorkloadKind.Rollout, "x", Map.of("tier", "api")))
        .containsExactly("b");
    assertThat(affected(Set.of("c-out"), WorkloadKind.Rollout, "x", Map.of("tier", "web")))
        .containsExactly("c");
  }
}
