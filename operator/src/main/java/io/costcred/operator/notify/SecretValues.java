package io.costcred.operator.notify;

import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads a webhook URL from a Secret key ({@code url} when the key is not named). */
@FunctionalInterface
public interface SecretValues {
  /** The trimmed value, or empty when the Secret or key is missing. */
  Optional<String> read(String namespace, SecretKeyRef ref);

  /** From the API server. */
  static SecretValues of(KubernetesClient client) {
    return (namespace, ref) -> {
      Secret s = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
      String key = ref.getKey() == null ? "url" : ref.getKey();
      if (s == null || s.getData() == null || s.getData().get(key) == null) {
        return Optional.empty();
      }
      byte[] raw = Base64.getDecoder().decode(s.getData().get(key));
      return Optional.of(new String(raw, StandardCharsets.UTF_8).trim());
    };
  }
}
