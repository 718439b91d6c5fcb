package io.costcred.testsupport;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading Kubernetes Secrets in tests. */
public final class Secrets {
  private Secrets() {}

  /** The decoded (UTF-8) data of Secret {@code namespace/name}; empty when it does not exist. */
  public static Map<String, String> data(KubernetesClient client, String namespace, String name) {
    return decoded(client.secrets().inNamespace(namespace).withName(name).get());
  }

  /** The decoded (UTF-8) data of a Secret; empty for null or a Secret without data. */
  public static Map<String, String> decoded(Secret s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s != null && s.getData() != null) {
      s.getData()
          .forEach(
              (k, v) ->
                  out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return out;
  }
}
