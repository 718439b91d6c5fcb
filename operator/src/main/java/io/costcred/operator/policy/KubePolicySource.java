package io.costcred.operator.policy;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.Reasons;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Policies and namespace labels from informer caches, so that resolving a policy costs no API
 * request per reconcile. Informers start lazily, at the first CostCredential.
 */
public final class KubePolicySource implements PolicySource, AutoCloseable {
  private final KubernetesClient client;
  private volatile SharedIndexInformer<ClusterRotationPolicy> policies;
  private volatile SharedIndexInformer<Namespace> namespaces;

  public KubePolicySource(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<ClusterRotationPolicy> governing(String namespace, String ref) {
    start();
    if (ref != null && !ref.isBlank()) {
      ClusterRotationPolicy p = policies.getStore().getByKey(ref);
      if (p == null) {
        throw new NotFoundException(
            Reasons.POLICY_VIOLATION, "ClusterRotationPolicy " + ref + " not found");
      }
      return Optional.of(p);
    }
    Namespace ns = namespaces.getStore().getByKey(namespace);
    Map<String, String> labels =
        ns == null || ns.getMetadata().getLabels() == null
            ? Map.of()
            : ns.getMetadata().getLabels();
    return policies.getStore().list().stream()
        .filter(p -> Policies.selects(p.getSpec(), labels))
        .max(
            Comparator.comparingInt((ClusterRotationPolicy p) -> Policies.priority(p.getSpec()))
                .thenComparing(p -> p.getMetadata().getName(), Comparator.reverseOrder()));
  }

  private synchronized void start() {
    if (policies == null) {
      policies = client.resources(ClusterRotationPolicy.class).inform();
      namespaces = client.namespaces().inform();
    }
  }

  @Override
  public synchronized void close() {
    if (policies != null) {
      policies.close();
      namespaces.close();
    }
  }
}
