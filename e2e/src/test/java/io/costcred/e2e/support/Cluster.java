package io.costcred.e2e.support;

import static org.assertj.core.api.Assertions.fail;

import io.costcred.testsupport.Crds;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local cluster started by {@code hack/cluster.sh start} (kube-apiserver, etcd,
 * controller-manager, scheduler and kwok on 127.0.0.1). The suite fails, rather than skips, when it
 * is not running.
 */
public final class Cluster {
  private static boolean crdInstalled;

  private Cluster() {}

  public static Path adminKubeconfig() {
    String path = System.getenv("COSTCRED_KUBECONFIG");
    Path p = Path.of(path == null || path.isBlank() ? "/tmp/costcred-cluster/kubeconfig" : path);
    if (!Files.exists(p)) {
      fail("no local cluster at " + p + ": run `hack/cluster.sh start` first (make e2e does)");
    }
    return p;
  }

  /** A client with the cluster-admin identity of the kubeconfig that cluster.sh writes. */
  public static KubernetesClient admin() {
    try {
      Config config = Config.fromKubeconfig(Files.readString(adminKubeconfig()));
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String freshNamespace(KubernetesClient client, String prefix) {
    String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("costcred.io/e2e", "true")
                .endMetadata()
                .build())
        .create();
    return name;
  }

  /**
   * Every CRD in {@code crds/}, applied once per JVM. They are cluster-scoped and shared with any
   * other suite on this cluster, so they are applied (not replaced) and never deleted.
   */
  public static synchronized void installCrd(KubernetesClient client) {
    if (!crdInstalled) {
      Crds.installAll(client, Repo.dir());
      crdInstalled = true;
    }
  }
}
