package io.costcred.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.costcred.operator.consumers.CompactStore;
import io.costcred.operator.consumers.ConsumerCaches;
import io.costcred.operator.consumers.PodRecord;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
  void theMapperBackFindsThePodsThatReadAStoreSecret() {
    CompactStore<Pod, PodRecord> pods = new ConsumerCaches().pods("team-a");
    for (String[] p : new String[][] {{"p1", "a-out"}, {"p2", "unrelated"}, {"p3", "c-out"}}) {
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withName(p[0])
              .withNamespace("team-a")
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName("app")
              .addNewEnvFrom()
              .withNewSecretRef()
              .withName(p[1])
              .endSecretRef()
              .endEnvFrom()
              .endContainer()
              .endSpec()
              .withNewStatus()
              .withPhase("Running")
              .endStatus()
              .build();
      pods.put(pods.getKey(pod), pod);
    }
    assertThat(ConsumerSources.readers(pods, CREDENTIALS.get(0), null, "team-a"))
        .containsExactly(new ResourceID("p1", "team-a"));
    assertThat(ConsumerSources.readers(pods, CREDENTIALS.get(2), null, "team-a"))
        .containsExactly(new ResourceID("p3", "team-a"));
    assertThat(ConsumerSources.readers(pods, CREDENTIALS.get(0), null, "team-b")).isEmpty();
  }

  @Test
  void theIndexKeysComeFromTheSpecAlone() {
    var idx = PrimaryIndex.indexers();
    CostCredential a = CREDENTIALS.get(0);
    CostCredential b = CREDENTIALS.get(1);
    assertThat(idx.get(PrimaryIndex.STORE_SECRETS).apply(a))
        .containsExactly(PrimaryIndex.secretKey("team-a", "a-out"))
        .as("a name is hashed into a bucket of its namespace")
        .allMatch(k -> k.matches("team-a/\\d+"));
    assertThat(idx.get(PrimaryIndex.TARGETS).apply(a))
        .containsExactly(PrimaryIndex.targetKey("team-a", WorkloadKind.Deployment, "web"))
        .allMatch(k -> k.matches("team-a/Deployment/\\d+"));
    assertThat(idx.get(PrimaryIndex.TARGETS).apply(b))
        .as("a label selector is one key per kind, tested exactly after the lookup")
        .containsExactly("team-a/Rollout");
    assertThat(idx.get(PrimaryIndex.POOLS).apply(a))
        .containsExactly(PrimaryIndex.secretKey("team-a", "pool"));
    Set<String> buckets = new java.util.HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      buckets.add(PrimaryIndex.secretKey("team-a", "cc-" + i));
    }
    assertThat(buckets)
        .as("10,000 names take at most one key per bucket in a namespace")
        .hasSize(PrimaryIndex.BUCKETS);
    assertThat(idx.get(PrimaryIndex.CONNECTIONS).apply(a)).isEmpty();
    CostCredential vault =
        Serialization.unmarshal(
            """
            apiVersion: costcred.io/v1alpha1
            kind: CostCredential
            metadata: {name: v, namespace: team-a}
            spec:
              provider: {vantage: {tokenPool: {name: pool}}}
              stores:
              - vault: {path: x, connectionRef: {name: tenant}}
              - awsSecretsManager:
                  secretId: y
                  connectionRef: {kind: ClusterCredentialConnection, name: platform}
            """,
            CostCredential.class);
    assertThat(idx.get(PrimaryIndex.CONNECTIONS).apply(vault))
        .containsExactlyInAnyOrder(
            "ClusterCredentialConnection platform", "CredentialConnection team-a/tenant");
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
