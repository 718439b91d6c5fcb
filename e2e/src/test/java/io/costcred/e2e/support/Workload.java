package io.costcred.e2e.support;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The consumer Deployment as the real controller-manager and kwok run it. */
public final class Workload {
  /** The pod-template key of the CostCredential of the same name as the Deployment. */
  public static final String FINGERPRINT =
      io.costcred.operator.api.v1alpha1.Annotations.fingerprintKey(E2eEnv.NAME);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  public Workload(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  public Deployment get() {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  /** Bumped by the API server on every pod-template change: one per restart. */
  public long generation() {
    return get().getMetadata().getGeneration();
  }

  public String templateFingerprint() {
    return annotation(get().getSpec().getTemplate().getMetadata().getAnnotations());
  }

  /** Every replica runs the current template and is available; no old pod is left. */
  public boolean rolledOut() {
    Deployment d = get();
    DeploymentStatus s = d.getStatus();
    int want = d.getSpec().getReplicas();
    return s != null
        && Objects.equals(s.getObservedGeneration(), d.getMetadata().getGeneration())
        && n(s.getUpdatedReplicas()) == want
        && n(s.getReadyReplicas()) == want
        && n(s.getAvailableReplicas()) == want
        && n(s.getReplicas()) == want;
  }

  /** The Deployment's ReplicaSets, oldest first: one per distinct pod template. */
  public List<ReplicaSet> replicaSets() {
    String uid = get().getMetadata().getUid();
    return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
        .filter(
            rs ->
                rs.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> uid.equals(o.getUid())))
        .sorted(Comparator.comparing(rs -> Instant.parse(rs.getMetadata().getCreationTimestamp())))
        .toList();
  }

  public Optional<ReplicaSet> replicaSetFor(String fingerprint) {
    return replicaSets().stream()
        .filter(
            rs ->
                fingerprint.equals(
                    annotation(rs.getSpec().getTemplate().getMetadata().getAnnotations())))
        .findFirst();
  }

  public List<Pod> pods(ReplicaSet rs) {
    String uid = rs.getMetadata().getUid();
    return client.pods().inNamespace(namespace).list().getItems().stream()
        .filter(
            p ->
                p.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
        .toList();
  }

  /** When the pod became Ready, or null while it is not. */
  public static Instant readySince(Pod p) {
    if (p.getStatus() == null || p.getStatus().getConditions() == null) {
      return null;
    }
    return p.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(PodCondition::getLastTransitionTime)
        .filter(Objects::nonNull)
        .map(Instant::parse)
        .findFirst()
        .orElse(null);
  }

  private static String annotation(Map<String, String> annotations) {
    return annotations == null ? null : annotations.get(FINGERPRINT);
  }

  private static int n(Integer i) {
    return i == null ? 0 : i;
  }
}
