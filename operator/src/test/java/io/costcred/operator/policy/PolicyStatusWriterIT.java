package io.costcred.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.api.v1alpha1.ClusterRotationPolicySpec;
import io.costcred.operator.api.v1alpha1.ClusterRotationPolicyStatus;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialSpec;
import io.costcred.operator.testing.RealCluster;
import io.costcred.testsupport.Crds;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ClusterRotationPolicy status on the real API server: the writer's merge patch goes through the
 * status subresource, the CRD's schema (conditions as a map list keyed by type) accepts it, the
 * spec is untouched, and a pass over an unchanged world writes nothing for the policy.
 */
class PolicyStatusWriterIT {
  @RegisterExtension static final RealCluster.Admin cluster = new RealCluster.Admin();

  @Test
  void statusIsWrittenThroughTheSubresourceOnceAndKeptWhileNothingChanges() throws Exception {
    KubernetesClient client = cluster.admin();
    Crds.installAll(client, Path.of(".."));
    String id = UUID.randomUUID().toString().substring(0, 8);
    String a = RealCluster.freshNamespace(client, "pol-a");
    String b = RealCluster.freshNamespace(client, "pol-b");
    String name = "it-status-" + id;
    try (KubePolicySource source = new KubePolicySource(client)) {
      for (String ns : List.of(a, b)) {
        client.namespaces().withName(ns).edit(n -> label(n, "costcred-it-policy", id));
      }
      ClusterRotationPolicy p = new ClusterRotationPolicy();
      p.setMetadata(new ObjectMetaBuilder().withName(name).build());
      ClusterRotationPolicySpec spec = new ClusterRotationPolicySpec();
      spec.setPriority(7);
      spec.setNamespaceSelector(Map.of("costcred-it-policy", id));
      spec.setMaxInterval("720h");
      p.setSpec(spec);
      client.resource(p).create();
      List<CostCredential> credentials =
          new ArrayList<>(List.of(credential(a), credential(a), credential(b)));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  source.policies().stream().anyMatch(x -> name.equals(name(x)))
                      && id.equals(source.namespaceLabels(a).get("costcred-it-policy"))
                      && id.equals(source.namespaceLabels(b).get("costcred-it-policy")));
      try (PolicyStatusWriter writer =
          new PolicyStatusWriter(
              client, source, () -> credentials, Clock.systemUTC(), Duration.ofHours(1), 500)) {
        writer.pass();
        ClusterRotationPolicy stored =
            client.resources(ClusterRotationPolicy.class).withName(name).get();
        ClusterRotationPolicyStatus st = stored.getStatus();
        assertThat(st).as("written through /status on the real server").isNotNull();
        assertThat(st.getObservedGeneration()).isEqualTo(stored.getMetadata().getGeneration());
        assertThat(st.getSelectedNamespaces()).isEqualTo(2);
        assertThat(st.getGovernedCredentials()).isEqualTo(3);
        Condition ready = st.getConditions().get(0);
        assertThat(ready.getType()).isEqualTo("Ready");
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(stored.getSpec().getMaxInterval()).as("spec untouched").isEqualTo("720h");

        String rv = stored.getMetadata().getResourceVersion();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    source.policies().stream()
                        .anyMatch(x -> name.equals(name(x)) && x.getStatus() != null));
        writer.pass();
        assertThat(
                client
                    .resources(ClusterRotationPolicy.class)
                    .withName(name)
                    .get()
                    .getMetadata()
                    .getResourceVersion())
            .as("nothing changed: no write")
            .isEqualTo(rv);

        credentials.add(credential(b));
        writer.pass();
        assertThat(status(client, name).getGovernedCredentials()).isEqualTo(4);
      }
    } finally {
      client.resources(ClusterRotationPolicy.class).withName(name).delete();
      client.namespaces().withName(a).delete();
      client.namespaces().withName(b).delete();
    }
  }

  private static ClusterRotationPolicyStatus status(KubernetesClient client, String name) {
    return client.resources(ClusterRotationPolicy.class).withName(name).get().getStatus();
  }

  private static String name(ClusterRotationPolicy p) {
    return p.getMetadata().getName();
  }

  private static io.fabric8.kubernetes.api.model.Namespace label(
      io.fabric8.kubernetes.api.model.Namespace n, String key, String value) {
    if (n.getMetadata().getLabels() == null) {
      n.getMetadata().setLabels(new java.util.HashMap<>());
    }
    n.getMetadata().getLabels().put(key, value);
    return n;
  }

  private static CostCredential credential(String namespace) {
    CostCredential c = new CostCredential();
    c.setMetadata(
        new ObjectMetaBuilder()
            .withName("c-" + UUID.randomUUID().toString().substring(0, 6))
            .withNamespace(namespace)
            .build());
    c.setSpec(new CostCredentialSpec());
    return c;
  }
}
