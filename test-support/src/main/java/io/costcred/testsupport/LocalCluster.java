package io.costcred.testsupport;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The local control plane started by {@code hack/cluster.sh start} (real kube-apiserver, etcd,
 * controller-manager, scheduler and kwok, all on 127.0.0.1). Suites fail, rather than skip, when it
 * is not running: {@code make test} and {@code make e2e} start it.
 */
public final class LocalCluster {
  /** Where {@code hack/cluster.sh} writes the admin kubeconfig by default. */
  public static final Path DEFAULT_KUBECONFIG = Path.of("/tmp/costcred-cluster/kubeconfig");

  private LocalCluster() {}

  /** The admin kubeconfig: {@code $COSTCRED_KUBECONFIG}, else {@link #DEFAULT_KUBECONFIG}. */
  public static Path kubeconfig() {
    String env = System.getenv("COSTCRED_KUBECONFIG");
    Path p = env == null || env.isBlank() ? DEFAULT_KUBECONFIG : Path.of(env);
    if (!Files.isRegularFile(p)) {
      throw new AssertionError(
          "no local cluster: "
              + p
              + " does not exist. Run `hack/cluster.sh start` (make test does)"
              + " or point COSTCRED_KUBECONFIG at a kubeconfig.");
    }
    return p;
  }

  /** A client with the cluster-admin identity of {@link #kubeconfig()}, checked to answer. */
  public static KubernetesClient admin() {
    Path p = kubeconfig();
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, p.toFile())).build();
    try {
      client.getKubernetesVersion();
    } catch (RuntimeException e) {
      client.close();
      throw new AssertionError(
          "no local cluster answers at "
              + p
              + " ("
              + e.getMessage()
              + "). Run `hack/cluster.sh start` (make test does).",
          e);
    }
    return client;
  }

  /** Creates a namespace {@code <prefix>-<unique suffix>} with the labels; returns its name. */
  public static String freshNamespace(
      KubernetesClient client, String prefix, Map<String, String> labels) {
    String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(labels)
                .endMetadata()
                .build())
        .create();
    return name;
  }
}
