package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.SecretValue;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads a key of a Secret in the CostCredential's own namespace (never another namespace). */
final class SecretRefs {
  private final KubernetesClient client;

  SecretRefs(KubernetesClient client) {
    this.client = client;
  }

  SecretValue read(String namespace, SecretKeyRef ref, String defaultKey) {
    String key = ref.getKey() == null ? defaultKey : ref.getKey();
    Secret s = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    if (s == null || s.getData() == null || s.getData().get(key) == null) {
      throw new NotFoundException(
          Reasons.SECRET_NOT_FOUND, "Secret " + ref.getName() + " has no key " + key);
    }
    String v = new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    return SecretValue.of(v.strip());
  }
}
