package io.costcred.operator.policy;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.Reasons;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies and namespace labels from informer caches, so that resolving a policy costs no API
 * request per reconcile. Informers start lazily, at the first CostCredential.
 */
public final class KubePolicySource implements PolicySource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubePolicySource.class);
  private static final Duration RETRY = Duration.ofMinutes(5);
  private final KubernetesClient client;
  private volatile SharedIndexInformer<ClusterRotationPolicy> policies;
  private volatile SharedIndexInformer<Namespace> namespaces;
  private long retryAt = Long.MIN_VALUE;

  public KubePolicySource(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<ClusterRotationPolicy> governing(String namespace, String ref) {
    if (!start()) {
      if (ref != null && !ref.isBlank()) {
        throw new NotFoundException(
            Reasons.POLICY_VIOLATION,
            "ClusterRotationPolicy " + ref + " cannot be read (is its CRD installed?)");
      }
      return Optional.empty(); // no policy CRD in this cluster: no policies
    }
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

  /** Starts the informers once; false (and retried later) when the policy CRD is missing. */
  private synchronized boolean start() {
    if (policies != null) {
      return true;
    }
    if (System.nanoTime() < retryAt) {
      return false;
    }
    try {
      policies = client.resources(ClusterRotationPolicy.class).inform();
      namespaces = client.namespaces().inform();
      return true;
    } catch (KubernetesClientException e) {
      if (policies != null) {
        policies.close();
        policies = null;
      }
      retryAt = System.nanoTime() + RETRY.toNanos();
      LOG.warn(
          "ClusterRotationPolicies unavailable (HTTP {}); treating as none, retry in {}",
          e.getCode(),
          RETRY);
      return false;
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
