package io.costcred.operator.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.connection.ConnectionResolver.Use;
import io.costcred.operator.core.CostCredException;
import io.costcred.operator.policy.KubePolicySource;
import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connection samples of config/samples, applied as written to a real API server (schema and CEL
 * rules), and the access rules resolved against the objects it stored: the platform connections
 * serve the namespace they select only within their templates; the team connections read their own
 * namespace.
 */
class ConnectionSamplesIT {
  @RegisterExtension static final RealCluster.Admin cluster = new RealCluster.Admin();

  private static List<HasMetadata> load(String file) throws Exception {
    return cluster
        .admin()
        .load(new ByteArrayInputStream(Files.readAllBytes(Path.of("../config/samples", file))))
        .items();
  }

  @Test
  void samplesAreAcceptedAndResolveOnlyWithinTheirRules() throws Exception {
    List<HasMetadata> created = new ArrayList<>();
    try (Harness h = RealCluster.harness(cluster.admin(), "samples")) {
      String ns = h.namespace;
      // platform-vault selects namespaces labelled costcred.io/vault=enabled besides "finops".
      cluster
          .admin()
          .namespaces()
          .withName(ns)
          .edit(
              n -> {
                n.getMetadata().getLabels().put("costcred.io/vault", "enabled");
                return n;
              });
      for (HasMetadata o : load("platform-connections.yaml")) {
        created.add(cluster.admin().resource(o).forceConflicts().serverSideApply());
      }
      for (HasMetadata o : load("team-connections.yaml")) {
        o.getMetadata().setNamespace(ns);
        cluster.admin().resource(o).inNamespace(ns).create();
      }
      for (String sample :
          List.of(
              "vantage-to-vault-and-kubernetes.yaml",
              "vantage-to-aws-secrets-manager.yaml",
              "aws-iam-key-to-kubernetes-and-secrets-manager.yaml",
              "finfocus-vantage.yaml")) {
        CostCredential cr =
            Serialization.unmarshal(
                Files.readString(Path.of("../config/samples", sample)), CostCredential.class);
        cr.getMetadata().setNamespace(ns);
        // Schema and CEL validation by the API server, nothing stored.
        cluster.admin().resource(cr).inNamespace(ns).dryRun().create();
      }

      KubePolicySource policies = new KubePolicySource(cluster.admin());
      ConnectionResolver resolver =
          new ConnectionResolver(
              new KubeConnectionSource(cluster.admin(), policies::namespaceLabels),
              EgressPolicy.of(
                  List.of(
                      "https://vault.vault.svc:8200",
                      "https://vault.team.example:8200",
                      "https://*.amazonaws.com")),
              "costcred-system");
      var vault = ref("ClusterCredentialConnection", "platform-vault");
      var aws = ref("ClusterCredentialConnection", "platform-aws");
      ResolvedConnection v =
          resolver.resolve(vault, ns, Use.VAULT_PATH, "secret/data/teams/" + ns + "/vantage");
      assertThat(v.secretNamespace()).isEqualTo("costcred-system");
      assertThat(v.expand(v.vault().getAuth().getKubernetes().getRole()))
          .isEqualTo("costcred-" + ns);
      assertRefused(
          () -> resolver.resolve(vault, ns, Use.VAULT_PATH, "secret/data/teams/finops/vantage"),
          Reasons.DESTINATION_NOT_ALLOWED);
      // platform-aws selects only "finops" by name.
      assertRefused(
          () -> resolver.resolve(aws, ns, Use.IAM_USER, "cost." + ns + ".cur-exporter"),
          Reasons.CONNECTION_NOT_ALLOWED);
      ResolvedConnection team =
          resolver.resolve(ref(null, "team-aws"), ns, Use.AWS_SECRET, "finfocus/vantage/token");
      assertThat(team.secretNamespace()).isEqualTo(ns);
      assertThat(team.clusterScoped()).isFalse();
      assertThat(
              resolver
                  .resolve(ref(null, "team-vault"), ns, Use.VAULT_PATH, "secret/data/anything")
                  .clusterScoped())
          .isFalse();

      policies.close();
    } finally {
      for (HasMetadata o : created) {
        cluster.admin().resource(o).delete();
      }
    }
  }

  @Test
  void theApiServerRefusesWhatTheModelForbids() throws Exception {
    try (Harness h = RealCluster.harness(cluster.admin(), "samples")) {
      String ns = h.namespace;
      // The API server refuses what the model forbids.
      assertThat(refusal(clusterAws("cost-{namespace}-*"))).isEqualTo(422);
      assertThat(
              refusal(
                  """
                  apiVersion: costcred.io/v1alpha1
                  kind: CredentialConnection
                  metadata: {name: no-keys, namespace: %s}
                  spec: {aws: {region: us-east-1}}
                  """
                      .formatted(ns)))
          .isEqualTo(422);
    }
  }

  private static String clusterAws(String iamTemplate) {
    return """
        apiVersion: costcred.io/v1alpha1
        kind: ClusterCredentialConnection
        metadata: {name: samples-ambiguous}
        spec:
          allowedNamespaces: {names: [finops]}
          allowed: {iamUsers: ["%s"]}
          aws: {region: us-east-1}
        """
        .formatted(iamTemplate);
  }

  private static int refusal(String yaml) {
    HasMetadata o =
        cluster
            .admin()
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .items()
            .get(0);
    try {
      cluster.admin().resource(o).dryRun().create();
      return 0;
    } catch (KubernetesClientException e) {
      return e.getCode();
    }
  }

  private static io.costcred.operator.api.v1alpha1.ConnectionRef ref(String kind, String name) {
    return new io.costcred.operator.api.v1alpha1.ConnectionRef(
        kind == null ? null : io.costcred.operator.api.v1alpha1.ConnectionKind.valueOf(kind), name);
  }

  private static void assertRefused(Runnable r, String reason) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            CostCredException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
