package io.costcred.e2e.support;

import io.costcred.testsupport.Crds;
import io.costcred.testsupport.LocalCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;

/**
 * The local cluster started by {@code hack/cluster.sh start} (kube-apiserver, etcd,
 * controller-manager, scheduler and kwok on 127.0.0.1). The suite fails, rather than skips, when it
 * is not running.
 */
public final class Cluster {
  private static boolean crdInstalled;

  private Cluster() {}

  public static Path adminKubeconfig() {
    return LocalCluster.kubeconfig();
  }

  /** A client with the cluster-admin identity of the kubeconfig that cluster.sh writes. */
  public static KubernetesClient admin() {
    return LocalCluster.admin();
  }

  /** A fresh namespace, labelled {@code costcred.io/e2e=true}. */
  public static String freshNamespace(KubernetesClient client, String prefix) {
    return LocalCluster.freshNamespace(client, prefix, Map.of("costcred.io/e2e", "true"));
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
