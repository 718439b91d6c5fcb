package io.costcred.operator.testing;

import io.costcred.testsupport.LocalCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;

/**
 * The local control plane started by {@code hack/cluster.sh} (real kube-apiserver, etcd,
 * controller-manager, scheduler and kwok, all on 127.0.0.1): {@link LocalCluster} of
 * costcred-test-support. Integration tests fail, rather than skip, when it is not running: `make
 * test` starts it.
 */
public final class RealCluster {
  private RealCluster() {}

  public static Path kubeconfig() {
    return LocalCluster.kubeconfig();
  }

  public static KubernetesClient client() {
    return LocalCluster.admin();
  }

  public static String freshNamespace(KubernetesClient client, String prefix) {
    return LocalCluster.freshNamespace(client, prefix, Map.of());
  }
}
