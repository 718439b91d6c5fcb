package io.costcred.operator.connection;

import io.costcred.operator.api.v1alpha1.ClusterCredentialConnection;
import io.costcred.operator.api.v1alpha1.CredentialConnection;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.TransientException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections from informer caches (no API request per reconcile). Informers start lazily at the
 * first lookup. When they cannot start, lookups fail closed: nothing that needs a connection runs,
 * and the reconcile backs off with reason {@code ConnectionNotFound}.
 */
public final class KubeConnectionSource implements ConnectionSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubeConnectionSource.class);
  private static final Duration RETRY = Duration.ofMinutes(1);
  private final KubernetesClient client;
  private final Function<String, Map<String, String>> namespaceLabels;
  private volatile SharedIndexInformer<ClusterCredentialConnection> clusterWide;
  private volatile SharedIndexInformer<CredentialConnection> namespaced;
  private long retryAt = Long.MIN_VALUE;

  public KubeConnectionSource(
      KubernetesClient client, Function<String, Map<String, String>> namespaceLabels) {
    this.client = client;
    this.namespaceLabels = namespaceLabels;
  }

  @Override
  public Optional<ClusterCredentialConnection> cluster(String name) {
    start();
    ClusterCredentialConnection cached = clusterWide.getStore().getByKey(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    return fresh(
        "ClusterCredentialConnection " + name,
        name,
        () ->
            client
                .resources(ClusterCredentialConnection.class)
                .withField("metadata.name", name)
                .list()
                .getItems());
  }

  @Override
  public Optional<CredentialConnection> namespaced(String namespace, String name) {
    start();
    CredentialConnection cached =
        namespaced.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
    if (cached != null) {
      return Optional.of(cached);
    }
    return fresh(
        "CredentialConnection " + namespace + "/" + name,
        name,
        () ->
            client
                .resources(CredentialConnection.class)
                .inNamespace(namespace)
                .withField("metadata.name", name)
                .list()
                .getItems());
  }

  /**
   * A cache miss may be a connection created a moment ago that the informer has not seen yet: ask
   * the API server once. With {@code list} and a field selector on the name, because list and watch
   * are all the chart grants on connections (a {@code get} is forbidden). A failed request fails
   * closed with reason {@code ConnectionNotFound} and a retry, never an uncaught exception.
   */
  private static <T extends HasMetadata> Optional<T> fresh(
      String what, String name, Supplier<List<T>> list) {
    try {
      return list.get().stream().filter(c -> name.equals(c.getMetadata().getName())).findFirst();
    } catch (KubernetesClientException e) {
      throw new TransientException(
          Reasons.CONNECTION_NOT_FOUND,
          what + " is not in the cache and cannot be read (HTTP " + e.getCode() + ")",
          RETRY,
          null);
    }
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    return namespaceLabels.apply(namespace);
  }

  private synchronized void start() {
    if (clusterWide != null && namespaced != null) {
      return;
    }
    if (System.nanoTime() < retryAt) {
      throw unavailable();
    }
    try {
      if (clusterWide == null) {
        clusterWide = client.resources(ClusterCredentialConnection.class).inform();
      }
      namespaced = client.resources(CredentialConnection.class).inAnyNamespace().inform();
    } catch (KubernetesClientException e) {
      retryAt = System.nanoTime() + RETRY.toNanos();
      LOG.warn(
          "connections cannot be read (HTTP {}); everything that needs one waits, retry in {}",
          e.getCode(),
          RETRY);
      throw unavailable();
    }
  }

  private static TransientException unavailable() {
    return new TransientException(
        Reasons.CONNECTION_NOT_FOUND,
        "connections cannot be read (are the connection CRDs installed and may the operator list"
            + " them?)");
  }

  @Override
  public synchronized void close() {
    if (clusterWide != null) {
      clusterWide.close();
    }
    if (namespaced != null) {
      namespaced.close();
    }
  }
}
