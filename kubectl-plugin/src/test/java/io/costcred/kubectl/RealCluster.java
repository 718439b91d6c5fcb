package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.fail;

import io.costcred.testsupport.Crds;
import io.costcred.testsupport.ServiceAccounts;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local control plane of {@code hack/cluster.sh} (kubeconfig from {@code $COSTCRED_KUBECONFIG},
 * default {@code /tmp/costcred-cluster/kubeconfig}). ITs fail, rather than skip, without it.
 */
final class RealCluster {
  private RealCluster() {}

  static Path kubeconfig() {
    String path = System.getenv("COSTCRED_KUBECONFIG");
    if (path == null || path.isBlank()) {
      path = "/tmp/costcred-cluster/kubeconfig";
    }
    Path p = Path.of(path);
    if (!Files.isRegularFile(p)) {
      fail(
          "no local cluster: "
              + p
              + " does not exist. Run `hack/cluster.sh start` (make test does)"
              + " or point COSTCRED_KUBECONFIG at a kubeconfig.");
    }
    return p;
  }

  static KubernetesClient admin() {
    Path p = kubeconfig();
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, p.toFile())).build();
    try {
      client.getKubernetesVersion();
    } catch (RuntimeException e) {
      client.close();
      fail(
          "no local cluster answers at "
              + p
              + " ("
              + e.getMessage()
              + "). Run `hack/cluster.sh"
              + " start` (make test does).");
    }
    return client;
  }

  /** The repository's CRD, applied as the other suites do (server-side apply), and Established. */
  static void installCrd(KubernetesClient admin) {
    Crds.install(admin, Fixtures.crd(admin));
  }

  static String freshNamespace(KubernetesClient admin, String prefix) {
    String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /** A kubeconfig file (mode 600) that authenticates as a ServiceAccount (bound token, 1 hour). */
  static Path kubeconfigFor(KubernetesClient admin, String namespace, String sa, Path dir) {
    String token = ServiceAccounts.token(admin, namespace, sa);
    return ServiceAccounts.writeKubeconfig(
        admin, namespace, sa, token, dir.resolve(sa + ".kubeconfig"));
  }
}
