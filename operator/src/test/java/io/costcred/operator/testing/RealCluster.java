package io.costcred.operator.testing;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local control plane started by {@code hack/cluster.sh} (real kube-apiserver, etcd,
 * controller-manager, scheduler and kwok, all on 127.0.0.1). Integration tests fail, rather than
 * skip, when it is not running: `make test` starts it.
 */
public final class RealCluster {
  private RealCluster() {}

  public static Path kubeconfig() {
    String path = System.getenv("COSTCRED_KUBECONFIG");
    if (path == null || path.isBlank()) {
      path = "/tmp/costcred-cluster/kubeconfig";
    }
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      fail("no local cluster at " + p + ": run `hack/cluster.sh start` (make test does)");
    }
    return p;
  }

  public static KubernetesClient client() {
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig()));
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String freshNamespace(KubernetesClient client, String prefix) {
    String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }
}
