package io.costcred.kubectl;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the Kubernetes client from the global flags. Tests pass their own. */
@FunctionalInterface
public interface ClientFactory {
  KubernetesClient create(Path kubeconfig, String context);

  /**
   * kubectl's rules: {@code --kubeconfig}, else {@code $KUBECONFIG}, else {@code ~/.kube/config}
   * (or the in-cluster ServiceAccount); {@code --context}, else the current context.
   */
  static KubernetesClient fromKubeconfig(Path kubeconfig, String context) {
    Config config;
    if (kubeconfig != null) {
      if (!Files.isRegularFile(kubeconfig)) {
        throw CliException.usage("kubeconfig " + kubeconfig + " does not exist");
      }
      config = Config.fromKubeconfig(context, kubeconfig.toFile());
    } else {
      config = Config.autoConfigure(context);
    }
    if (context != null
        && (config.getCurrentContext() == null
            || !context.equals(config.getCurrentContext().getName()))) {
      throw CliException.usage("context \"" + context + "\" does not exist in the kubeconfig");
    }
    // A CLI should fail fast: fabric8 retries I/O errors 10 times by default.
    Config tuned = new ConfigBuilder(config).withRequestRetryBackoffLimit(1).build();
    return new KubernetesClientBuilder().withConfig(tuned).build();
  }
}
