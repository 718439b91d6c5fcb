package io.costcred.operator.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.ClusterCredentialConnection;
import io.costcred.operator.api.v1alpha1.CredentialConnection;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.CostCredException;
import io.costcred.operator.core.TransientException;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connections come from informers; a cache miss asks the API server once. The chart grants only
 * list and watch on connections (ChartLeastPrivilegeTest), so that one request must be a list: a
 * named get is answered 403 here, as the chart's RBAC answers it on a real cluster.
 */
@EnableKubernetesMockClient(crud = true)
class KubeConnectionSourceTest {
  static KubernetesClient client;
  static KubernetesMockServer server;
  private KubeConnectionSource source;
  private String ns;

  @BeforeEach
  void open() {
    ns = "team-" + System.nanoTime();
    source = new KubeConnectionSource(client, n -> Map.of());
  }

  @AfterEach
  void close() {
    source.close();
  }

  private void forbidGet(String path) {
    server
        .expect()
        .get()
        .withPath(path)
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("forbidden: the chart grants list and watch only")
                .build())
        .always();
  }

  @Test
  void aCacheMissIsAskedWithListWhichTheChartGrantsNotGet() {
    forbidGet("/apis/costcred.io/v1alpha1/namespaces/" + ns + "/credentialconnections/absent");
    forbidGet("/apis/costcred.io/v1alpha1/clustercredentialconnections/absent-" + ns);

    assertThat(source.namespaced(ns, "absent")).isEmpty();
    assertThat(source.cluster("absent-" + ns)).isEmpty();
  }

  @Test
  void aConnectionIsFoundByItsExactName() {
    CredentialConnection mine = new CredentialConnection();
    mine.setMetadata(new ObjectMetaBuilder().withName("team-vault").withNamespace(ns).build());
    client.resource(mine).create();
    CredentialConnection other = new CredentialConnection();
    other.setMetadata(new ObjectMetaBuilder().withName("team-vault-2").withNamespace(ns).build());
    client.resource(other).create();
    ClusterCredentialConnection platform = new ClusterCredentialConnection();
    platform.setMetadata(new ObjectMetaBuilder().withName("platform-" + ns).build());
    client.resource(platform).create();

    assertThat(source.namespaced(ns, "team-vault"))
        .hasValueSatisfying(c -> assertThat(c.getMetadata().getName()).isEqualTo("team-vault"));
    assertThat(source.cluster("platform-" + ns)).isPresent();
    assertThat(source.namespaced(ns, "team-vaul")).isEmpty();
  }

  @Test
  void aLookupTheApiServerRefusesFailsClosedWithAReason() {
    source.cluster("warm-up-" + ns); // informers started and synced
    forbidGet(
        "/apis/costcred.io/v1alpha1/namespaces/"
            + ns
            + "/credentialconnections?fieldSelector=metadata.name%3Dfresh");

    assertThatThrownBy(() -> source.namespaced(ns, "fresh"))
        .isInstanceOf(TransientException.class)
        .satisfies(
            e ->
                assertThat(((CostCredException) e).reason())
                    .isEqualTo(Reasons.CONNECTION_NOT_FOUND))
        .hasMessageContaining("HTTP 403");
  }
}
