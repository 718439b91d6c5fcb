package io.costcred.kubectl;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;

/** {@code --as} / {@code --as-group}: a client that sends Impersonate-User and -Group headers. */
final class Impersonation {
  private Impersonation() {}

  /** A new client with the base client's connection settings, acting as {@code user}. */
  static KubernetesClient of(KubernetesClient base, String user, List<String> groups) {
    Config config =
        new ConfigBuilder(base.getConfiguration())
            .withImpersonateUsername(user)
            .withImpersonateGroups(groups.toArray(String[]::new))
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
