package io.costcred.operator.notify;

import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.costcred.operator.core.SecretRefs;
import io.costcred.operator.core.SecretValue;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** Reads a webhook URL from a Secret key ({@code url} when the key is not named). */
@FunctionalInterface
public interface SecretValues {
  /** The trimmed value, or empty when the Secret or key is missing. */
  Optional<String> read(String namespace, SecretKeyRef ref);

  /** From the API server. */
  static SecretValues of(KubernetesClient client) {
    SecretRefs refs = new SecretRefs(client);
    return (namespace, ref) -> refs.find(namespace, ref, "url").map(SecretValue::reveal);
  }
}
