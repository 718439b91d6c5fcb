package io.costcred.operator.core;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads a key of a Secret in the CostCredential's own namespace (never another namespace). */
public final class SecretRefs {
  private final KubernetesClient client;

  public SecretRefs(KubernetesClient client) {
    this.client = client;
  }

  /** The stripped value; NotFoundException when the Secret or the key is missing. */
  public SecretValue read(String namespace, SecretKeyRef ref, String defaultKey) {
    String key = key(ref, defaultKey);
    return find(namespace, ref, defaultKey)
        .orElseThrow(
            () ->
                new NotFoundException(
                    Reasons.SECRET_NOT_FOUND, "Secret " + ref.getName() + " has no key " + key));
  }

  /** The stripped value, or empty when the Secret or the key is missing. */
  public Optional<SecretValue> find(String namespace, SecretKeyRef ref, String defaultKey) {
    String key = key(ref, defaultKey);
    Secret s = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    if (s == null || s.getData() == null || s.getData().get(key) == null) {
      return Optional.empty();
    }
    String v = new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    return Optional.of(SecretValue.of(v.strip()));
  }

  private static String key(SecretKeyRef ref, String defaultKey) {
    return ref.getKey() == null ? defaultKey : ref.getKey();
  }
}
