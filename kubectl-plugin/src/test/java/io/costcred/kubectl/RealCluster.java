package io.costcred.kubectl;

import io.costcred.testsupport.Crds;
import io.costcred.testsupport.LocalCluster;
import io.costcred.testsupport.ServiceAccounts;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;

/**
 * The local control plane of {@code hack/cluster.sh} (kubeconfig from {@code $COSTCRED_KUBECONFIG},
 * default {@code /tmp/costcred-cluster/kubeconfig}). ITs fail, rather than skip, without it.
 */
final class RealCluster {
  private RealCluster() {}

  static Path kubeconfig() {
    return LocalCluster.kubeconfig();
  }

  static KubernetesClient admin() {
    return LocalCluster.admin();
  }

  /** The repository's CRD, applied as the other suites do (server-side apply), and Established. */
  static void installCrd(KubernetesClient admin) {
    Crds.install(admin, Fixtures.crd(admin));
  }

  static String freshNamespace(KubernetesClient admin, String prefix) {
    return LocalCluster.freshNamespace(admin, prefix, Map.of());
  }

  /** A kubeconfig file (mode 600) that authenticates as a ServiceAccount (bound token, 1 hour). */
  static Path kubeconfigFor(KubernetesClient admin, String namespace, String sa, Path dir) {
    String token = ServiceAccounts.token(admin, namespace, sa);
    return ServiceAccounts.writeKubeconfig(
        admin, namespace, sa, token, dir.resolve(sa + ".kubeconfig"));
  }
}
