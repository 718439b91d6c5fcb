package io.costcred.operator.runtime;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HMAC key for fingerprints lives in an immutable Secret in the operator's namespace, created
 * on first start, so every replica and every restart computes the same fingerprints.
 */
public final class FingerprintKeys {
  public static final String SECRET_NAME = "costcred-operator-fingerprint-key";
  private static final String KEY = "key";

  private FingerprintKeys() {}

  public static byte[] loadOrCreate(KubernetesClient client, String namespace) {
    Secret s = client.secrets().inNamespace(namespace).withName(SECRET_NAME).get();
    if (s != null) {
      return Base64.getDecoder().decode(s.getData().get(KEY));
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Secret created =
        new SecretBuilder()
            .withNewMetadata()
            .withName(SECRET_NAME)
            .withNamespace(namespace)
            .addToLabels("app.kubernetes.io/name", "costcred-operator")
            .endMetadata()
            .withImmutable(true)
            .addToData(KEY, Base64.getEncoder().encodeToString(key))
            .build();
    try {
      client.secrets().inNamespace(namespace).resource(created).create();
      return key;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) { // another replica won the race: use its key
        return loadOrCreate(client, namespace);
      }
      throw e;
    }
  }
}
