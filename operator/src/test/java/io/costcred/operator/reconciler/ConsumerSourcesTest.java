package io.costcred.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which CostCredentials an event of a reader or a workload reconciles; no API server. */
@EnableKubernetesMockClient
class ConsumerSourcesTest {
  static KubernetesMockServer server;
  static KubernetesClient client;

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

  @Test
  void rolloutsAreWatchedOnlyWhereDiscoveryServesThem() {
    String path = "/apis/argoproj.io/v1alpha1";
    server
        .expect()
        .get()
        .withPath(path)
        .andReturn(
            200,
            new APIResourceListBuilder()
                .withGroupVersion("argoproj.io/v1alpha1")
                .addNewResource()
                .withName("rollouts")
                .withKind("Rollout")
                .withNamespaced(true)
                .withVerbs("get", "list", "watch", "patch")
                .endResource()
                .build())
        .once();
    assertThat(ConsumerSources.servesRollouts(client)).isTrue();
    server.expect().get().withPath(path).andReturn(404, "").once();
    assertThat(ConsumerSources.servesRollouts(client)).isFalse();
    server.expect().get().withPath(path).andReturn(500, "").once();
    var config =
        new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
            .withRequestRetryBackoffLimit(0)
            .build();
    try (var noRetry =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(ConsumerSources.servesRollouts(noRetry)).as("discovery failed").isFalse();
    }
  }
}
