package io.costcred.operator.policy;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.TransientException;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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
  private static final Duration RETRY = Duration.ofMinutes(1);
  private final KubernetesClient client;
  private volatile SharedIndexInformer<ClusterRotationPolicy> policies;
  private volatile SharedIndexInformer<Namespace> namespaces;
  private long retryAt = Long.MIN_VALUE;

  public KubePolicySource(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<ClusterRotationPolicy> governing(String namespace) {
    start();
    Map<String, String> labels = namespaceLabels(namespace);
    return Policies.winner(policies.getStore().list(), labels);
  }

  /** Every policy in the cache; throws like {@link #governing}. */
  List<ClusterRotationPolicy> policies() {
    start();
    return policies.getStore().list();
  }

  /** The labels of every namespace in the cache, by name; throws like {@link #governing}. */
  Map<String, Map<String, String>> namespaces() {
    start();
    Map<String, Map<String, String>> out = new HashMap<>();
    for (Namespace ns : namespaces.getStore().list()) {
      Map<String, String> labels = ns.getMetadata().getLabels();
      out.put(ns.getMetadata().getName(), labels == null ? Map.of() : labels);
    }
    return out;
  }

  @Override
  public Optional<ClusterRotationPolicy> named(String name) {
    start();
    return Optional.ofNullable(policies.getStore().getByKey(name));
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    start();
    Namespace ns = namespaces.getStore().getByKey(namespace);
    return ns == null || ns.getMetadata().getLabels() == null
        ? Map.of()
        : ns.getMetadata().getLabels();
  }

  /**
   * Starts the informers once. When they cannot start (CRD missing, RBAC, API down) every lookup
   * fails closed with reason PolicyUnavailable until a retry succeeds: a policy that cannot be read
   * might forbid what the CostCredential asks for.
   */
  private synchronized void start() {
    if (policies != null && namespaces != null) {
      return;
    }
    if (System.nanoTime() < retryAt) {
      throw unavailable();
    }
    try {
      if (policies == null) {
        policies = client.resources(ClusterRotationPolicy.class).inform();
      }
      namespaces = client.namespaces().inform();
    } catch (KubernetesClientException e) {
      retryAt = System.nanoTime() + RETRY.toNanos();
      LOG.warn(
          "ClusterRotationPolicies unavailable (HTTP {}); nothing runs until they can be read,"
              + " retry in {}",
          e.getCode(),
          RETRY);
      throw unavailable();
    }
  }

  private static TransientException unavailable() {
    return new TransientException(
        Reasons.POLICY_UNAVAILABLE,
        "ClusterRotationPolicies cannot be read (is the CRD installed and may the operator list"
            + " them?); nothing is written until they can");
  }

  @Override
  public synchronized void close() {
    if (policies != null) {
      policies.close();
    }
    if (namespaces != null) {
      namespaces.close();
    }
  }
}
