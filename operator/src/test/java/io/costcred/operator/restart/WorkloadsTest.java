package io.costcred.operator.restart;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
  private static GenericKubernetesResource r(
      long gen, Map<String, Object> spec, Map<String, Object> status) {
    GenericKubernetesResource g = new GenericKubernetesResource();
    g.setMetadata(new ObjectMetaBuilder().withName("w").withGeneration(gen).build());
    g.setAdditionalProperty("spec", spec);
    g.setAdditionalProperty("status", status);
    return g;
  }

  @Test
  void deploymentStates() {
    Map<String, Object> spec = Map.of("replicas", 2);
    assertThat(
            Workloads.rolloutState(
                WorkloadKind.Deployment, r(2, spec, Map.of("observedGeneration", 1))))
        .isEqualTo(RolloutState.PROGRESSING);
    assertThat(
            Workloads.rolloutState(
                WorkloadKind.Deployment,
                r(
                    2,
                    spec,
                    Map.of(
                        "observedGeneration",
                        2,
                        "replicas",
                        3,
                        "updatedReplicas",
                        2,
                        "availableReplicas",
                        2))))
        .isEqualTo(RolloutState.PROGRESSING);
    assertThat(
            Workloads.rolloutState(
                WorkloadKind.Deployment,
                r(
                    2,
                    spec,
                    Map.of(
                        "observedGeneration",
                        2,
                        "replicas",
                        2,
                        "updatedReplicas",
                        2,
                        "availableReplicas",
                        2))))
        .isEqualTo(RolloutState.COMPLETE);
    assertThat(
            Workloads.rolloutState(
                WorkloadKind.Deployment,
                r(2, Map.of("replicas", 2, "paused", true), Map.of("observedGeneration", 2))))
        .isEqualTo(RolloutState.PAUSED);
    assertThat(
            Workloads.rolloutState(
                WorkloadKind.Deployment,
                r(
                    2,
                    spec,
                    Map.of(
                        "observedGeneration",
                        2,
                        "conditions",
                        List.of(
                            Map.of("type", "Progressing", "reason", "ProgressDeadlineExceeded"))))))
        .isEqualTo(RolloutState.STALLED);
  }

  @Test
  void statefulSetAndDaemonSetStates() {
    assertThat(
            Workloads.rolloutState(
                WorkloadKind.StatefulSet,
                r(
                    1,
                    Map.of("replicas", 1),
                    Map.of(
                        "observedGeneration",
                        1,
                        "currentRevision",
                        "a",
                        "updateRevision",
                        "b",
                        "readyReplicas",
                        1))))
        .isEqualTo(RolloutState.PROGRESSING);
    assertThat(
            Workloads.rolloutState(
                WorkloadKind.StatefulSet,
                r(
                    1,
                    Map.of("replicas", 1),
                    Map.of(
                        "observedGeneration",
                        1,
                        "currentRevision",
                        "b",
                        "updateRevision",
                        "b",
                        "readyReplicas",
                        1,
                        "updatedReplicas",
                        1))))
        .isEqualTo(RolloutState.COMPLETE);
    assertThat(
            Workloads.rolloutState(
                WorkloadKind.DaemonSet,
                r(
                    1,
                    Map.of(),
                    Map.of(
                        "observedGeneration",
                        1,
                        "desiredNumberScheduled",
                        3,
                        "updatedNumberScheduled",
                        3,
                        "numberAvailable",
                        2))))
        .isEqualTo(RolloutState.PROGRESSING);
  }

  /** As the Argo Rollouts controller v1.10.1 reports a spec.restartAt restart (hack/cluster.sh). */
  @Test
  void argoRolloutStates() {
    String at = "2026-12-03T10:00:01Z";
    Map<String, Object> spec = Map.of("replicas", 2, "restartAt", at);
    Map<String, Object> restarting =
        Map.of(
            "observedGeneration",
            "3",
            "phase",
            "Progressing",
            "restartedAt",
            at,
            "updatedReplicas",
            2,
            "availableReplicas",
            1);
    Map<String, Object> done =
        Map.of(
            "observedGeneration",
            "3",
            "phase",
            "Healthy",
            "restartedAt",
            at,
            "updatedReplicas",
            2,
            "availableReplicas",
            2);
    assertThat(Workloads.rolloutState(WorkloadKind.Rollout, r(3, spec, restarting)))
        .as("restartedAt is written while pods are still replaced")
        .isEqualTo(RolloutState.PROGRESSING);
    assertThat(Workloads.rolloutState(WorkloadKind.Rollout, r(3, spec, done)))
        .isEqualTo(RolloutState.COMPLETE);
    assertThat(Workloads.rolloutState(WorkloadKind.Rollout, r(4, spec, done)))
        .as("observedGeneration is a string")
        .isEqualTo(RolloutState.PROGRESSING);
    Map<String, Object> earlier = new java.util.HashMap<>(done);
    earlier.put("restartedAt", "2026-12-03T09:00:00Z");
    assertThat(Workloads.rolloutState(WorkloadKind.Rollout, r(3, spec, earlier)))
        .isEqualTo(RolloutState.PROGRESSING);
    Map<String, Object> paused = new java.util.HashMap<>(done);
    paused.put("phase", "Paused");
    assertThat(Workloads.rolloutState(WorkloadKind.Rollout, r(3, spec, paused)))
        .isEqualTo(RolloutState.PAUSED);
    Map<String, Object> degraded = new java.util.HashMap<>(done);
    degraded.put("phase", "Degraded");
    assertThat(Workloads.rolloutState(WorkloadKind.Rollout, r(3, spec, degraded)))
        .isEqualTo(RolloutState.STALLED);
  }
}
