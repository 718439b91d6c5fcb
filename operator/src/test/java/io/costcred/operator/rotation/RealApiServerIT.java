package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rotation flow on a real kube-apiserver with real controllers (controller-manager, scheduler,
 * kwok nodes): server-side apply, CEL validation and real Deployment rollouts, which the mock
 * server cannot show.
 */
class RealApiServerIT {
  @RegisterExtension static final RealCluster.Admin cluster = new RealCluster.Admin();
  private Harness h;
  private Scenario s;

  @BeforeEach
  void setUp() throws Exception {
    h = RealCluster.harness(cluster.admin(), "it");
    s = new Scenario(h);
  }

  @AfterEach
  void tearDown() {
    h.close(); // deletes the namespace
  }

  @Test
  void rotationRollsTheDeploymentOutAndTheAnnotationIsOwnedByTheOperatorFieldManager() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    h.annotate(Scenario.NAME, Annotations.ROTATE, "it-1");
    s.settle(engine);
    CostCredentialStatus st = s.cr().getStatus();
    assertThat(st.getRevision()).isEqualTo(2);
    assertThat(s.servedToken()).isEqualTo(s.second);
    assertThat(h.secretValue(Scenario.NAME, "cost_report_token")).isEqualTo("cr_abc123def456");

    var deployment =
        cluster.admin().apps().deployments().inNamespace(h.namespace).withName(Scenario.NAME).get();
    ManagedFieldsEntry ours =
        deployment.getMetadata().getManagedFields().stream()
            .filter(m -> Annotations.fieldManager(Scenario.NAME).equals(m.getManager()))
            .findFirst()
            .orElseThrow();
    assertThat(ours.getOperation()).isEqualTo("Apply");
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(ours.getFieldsV1()))
        .contains("f:" + Annotations.fingerprintKey(Scenario.NAME));
    // Only the annotation is ours: the rest of the template stays with its creator.
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(ours.getFieldsV1()))
        .doesNotContain("f:containers");

    // The new ReplicaSet carries the new fingerprint and its pods are Ready.
    List<ReplicaSet> sets =
        cluster.admin().apps().replicaSets().inNamespace(h.namespace).list().getItems();
    ReplicaSet current =
        sets.stream()
            .filter(
                r ->
                    st.getCurrentToken()
                        .getFingerprint()
                        .equals(
                            r.getSpec()
                                .getTemplate()
                                .getMetadata()
                                .getAnnotations()
                                .get(Annotations.fingerprintKey(Scenario.NAME))))
            .findFirst()
            .orElseThrow();
    assertThat(current.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(sets).hasSizeGreaterThanOrEqualTo(3); // initial, first token, second token
    assertThat(deployment.getMetadata().getGeneration()).isEqualTo(3);
  }

  @Test
  void statusWritesDoNotBumpGenerationAndStaleWritesConflict() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    CostCredential cr = s.cr();
    assertThat(cr.getMetadata().getGeneration()).isEqualTo(1);
    assertThat(Conditions.isTrue(cr.getStatus(), Reasons.READY)).isTrue();
    CostCredential fresh = s.cr();
    CostCredential written =
        new io.costcred.operator.reconciler.KubeStatusWriter(cluster.admin()).write(fresh);
    assertThat(written).isNotSameAs(fresh);
    assertThat(written.getMetadata().getName()).isSameAs(fresh.getMetadata().getName());
    CostCredential stale = s.cr();
    h.annotate(Scenario.NAME, "touch", "1"); // moves resourceVersion on
    stale.getStatus().setPoolRemaining(99);
    assertThatThrownBy(
            () ->
                new io.costcred.operator.reconciler.KubeStatusWriter(cluster.admin()).write(stale))
        .isInstanceOf(io.costcred.operator.core.ConflictException.class);
  }

  @Test
  void celRulesRejectInvalidCostCredentials() {
    String base =
        """
        apiVersion: costcred.io/v1alpha1
        kind: CostCredential
        metadata: {name: %s}
        spec:
          provider: {vantage: {tokenPool: {name: pool}}}
          stores: [{kubernetesSecret: {name: out}}]
        %s
        """;
    assertRejected(
        base.formatted("grace", "  rotation: {interval: 24h, gracePeriod: 48h}"),
        "gracePeriod must be shorter than the rotation interval");
    assertRejected(
        base.formatted("preset", "  rotation: {preset: production, gracePeriod: 2200h}"),
        "gracePeriod must be shorter");
    assertRejected(
        base.formatted(
            "target", "  restartTargets: [{kind: Deployment, name: a, matchLabels: {app: a}}]"),
        "set exactly one of name and matchLabels");
    assertRejected(
        base.formatted(
            "days",
            "  rotation: {interval: 24h, maintenanceWindows: "
                + "[{days: [Fun], start: '01:00', duration: 1h}]}"),
        "days must be");
    assertRejected(base.formatted("dur", "  rotation: {interval: 90d}"), "interval");
    assertRejected(
        base.formatted("store", "").replace("{kubernetesSecret: {name: out}}", "{}"),
        "exactly one store type must be set");
    // The seed sample itself is valid.
    assertThat(s.cr()).isNotNull();
  }

  private void assertRejected(String yaml, String message) {
    assertThatThrownBy(() -> h.apply(yaml))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(message);
  }
}
