package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.ClusterCredentialConnection;
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
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The access rules on the reconcile path (mock API server): a refused CostCredential gets a named
 * reason and an Event, sends nothing anywhere, takes no pool token, and does not retry at once.
 */
@EnableKubernetesMockClient(crud = true)
class TenantAccessTest {
  static KubernetesClient client;
  private Harness h;
  private RotationEngine engine;

  @BeforeEach
  void setUp() throws Exception {
    String ns = "tenant-" + System.nanoTime();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .addToLabels("team", ns)
                .endMetadata()
                .build())
        .create();
    h = new Harness(client, ns, PatchMode.JSON_MERGE);
    h.installCrd();
    h.pool("pool", Map.of("1", h.issue("one")));
    engine = h.engine(StepHook.NONE);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private void credential(String apiBaseUrl, String extraStores, String extraSpec) {
    h.apply(
        """
        apiVersion: costcred.io/v1alpha1
        kind: CostCredential
        metadata: {name: c}
        spec:
          provider:
            vantage: {apiBaseUrl: "%s", tokenPool: {name: pool}}
          stores:
            - kubernetesSecret: {name: out}
        %s
        %s
        """
            .formatted(apiBaseUrl, extraStores, extraSpec));
  }

  private CostCredentialStatus status() {
    return h.get("c").getStatus();
  }

  private void assertRefusedWithNothingSent(String reason) {
    CostCredentialStatus st = status();
    assertThat(Conditions.hasReason(st, Reasons.READY, reason))
        .as("Ready reason, status %s", st.getLastFailure())
        .isTrue();
    assertThat(h.events.has(reason)).isTrue();
    assertThat(h.vantage.requestCount()).as("requests to the Vantage API").isZero();
    assertThat(h.secretData("pool")).as("pool tokens left").hasSize(1);
    assertThat(h.secretData("out")).as("store written").isEmpty();
  }

  @Test
  void aProviderUrlOffTheAllowListIsRefusedBeforeAnyRequest() {
    // The same fake Vantage, under a host name the allow-list does not name.
    credential("http://localhost:" + h.vantage.port(), "", "");
    engine.reconcile(h.get("c"));
    assertRefusedWithNothingSent(Reasons.EGRESS_NOT_ALLOWED);
    assertThat(status().getLastFailure().getMessage())
        .contains("http://localhost:" + h.vantage.port());
  }

  @Test
  void aPlatformConnectionThatDoesNotSelectTheNamespaceLendsNothing() {
    h.client
        .resource(
            Serialization.unmarshal(
                """
        apiVersion: costcred.io/v1alpha1
        kind: ClusterCredentialConnection
        metadata: {name: other-teams-vault}
        spec:
          allowedNamespaces: {names: [someone-else]}
          allowed: {vaultPaths: ["secret/data/teams/{namespace}/*"]}
          vault:
            address: http://127.0.0.1:1
            auth: {tokenSecretRef: {name: vault-token}}
        """,
                ClusterCredentialConnection.class))
        .createOr(x -> x.update());
    credential(
        h.vantage.baseUrl().toString(),
        """
            - vault:
                connectionRef: {kind: ClusterCredentialConnection, name: other-teams-vault}
                path: teams/%s/vantage
        """
            .formatted(h.namespace),
        "");
    engine.reconcile(h.get("c"));
    assertRefusedWithNothingSent(Reasons.CONNECTION_NOT_ALLOWED);
  }

  @Test
  void aMissingConnectionIsNamedAndTheFailureIsNotRetriedAtOnce() {
    credential(
        h.vantage.baseUrl().toString(),
        """
            - vault:
                connectionRef: {name: nowhere}
                path: x
        """,
        "");
    Duration first = engine.reconcile(h.get("c"));
    assertRefusedWithNothingSent(Reasons.CONNECTION_NOT_FOUND);
    assertThat(status().getLastFailure().getAttempts()).isEqualTo(1);
    // The operator's own status write comes back as an event: it is not a reason to try again.
    h.writes.reset();
    Duration echo = engine.reconcile(h.get("c"));
    assertThat(h.writes.writes).isEmpty();
    assertThat(echo).isPositive().isLessThanOrEqualTo(first);
    assertThat(status().getLastFailure().getAttempts()).isEqualTo(1);
    // After the backoff it is tried again.
    h.clock.advance(first);
    engine.reconcile(h.get("c"));
    assertThat(status().getLastFailure().getAttempts()).isEqualTo(2);
  }

  @Test
  void policyRefCanOnlyNarrowThePolicyThatSelectsTheNamespace() {
    // Policies are cluster-wide: their names and selectors are this test's own.
    policy("production-" + h.namespace, Map.of("team", h.namespace), "720h");
    policy("lax-" + h.namespace, Map.of("team", "nowhere"), "8760h");
    credential(
        h.vantage.baseUrl().toString(),
        "",
        "  policyRef: lax-" + h.namespace + "\n  rotation: {interval: 2160h}");
    engine.reconcile(h.get("c"));
    assertRefusedWithNothingSent(Reasons.POLICY_VIOLATION);
    assertThat(Conditions.get(status(), Reasons.READY).orElseThrow().getMessage())
        .contains("ClusterRotationPolicy production-" + h.namespace);
  }

  @Test
  void aPolicyRefThatDoesNotExistFailsClosed() {
    credential(h.vantage.baseUrl().toString(), "", "  policyRef: typo");
    engine.reconcile(h.get("c"));
    assertRefusedWithNothingSent(Reasons.POLICY_UNAVAILABLE);
  }

  private void policy(String name, Map<String, String> selector, String maxInterval) {
    ClusterRotationPolicy p = new ClusterRotationPolicy();
    p.setMetadata(new ObjectMetaBuilder().withName(name).build());
    ClusterRotationPolicySpec spec = new ClusterRotationPolicySpec();
    spec.setNamespaceSelector(selector);
    spec.setMaxInterval(maxInterval);
    p.setSpec(spec);
    h.client.resource(p).createOr(x -> x.update());
  }
}
