package io.costcred.operator.testing;

import io.costcred.operator.store.SecretVersions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link SecretVersions} from a Secret informer over one namespace, as the operator's Secret watch
 * answers them. Give it a client the harness's request counter does not see.
 */
public final class InformedSecretVersions implements SecretVersions, AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final SharedIndexInformer<Secret> informer;

  public InformedSecretVersions(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.informer = client.secrets().inNamespace(namespace).inform();
  }

  @Override
  public Optional<Seen> current(String ns, String name) {
    Secret s = informer.getStore().getByKey(ns + "/" + name);
    return s == null
        ? Optional.empty()
        : Optional.of(new Seen(s.getMetadata().getUid(), s.getMetadata().getResourceVersion()));
  }

  /** Waits until the informer shows every Secret of the namespace at the API server's version. */
  public void awaitCaughtUp() {
    Instant until = Instant.now().plus(Duration.ofSeconds(20));
    while (!versions(client.secrets().inNamespace(namespace).list().getItems().stream())
        .equals(versions(informer.getStore().list().stream()))) {
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("the Secret informer did not catch up");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Map<String, String> versions(java.util.stream.Stream<Secret> secrets) {
    return secrets.collect(
        Collectors.toMap(
            s -> s.getMetadata().getName(),
            s -> s.getMetadata().getUid() + "@" + s.getMetadata().getResourceVersion()));
  }

  @Override
  public void close() {
    informer.close();
  }
}
