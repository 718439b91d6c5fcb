package io.costcred.operator.testing;

import io.costcred.operator.restart.PatchMode;
import io.costcred.testsupport.LocalCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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

  /**
   * A harness in a fresh namespace of the real cluster: the cluster's own controllers roll
   * Deployments out, status goes through server-side apply, every CRD is installed; closing it
   * deletes the namespace.
   */
  public static Harness harness(KubernetesClient admin, String prefix) throws Exception {
    Harness h = new Harness(admin, freshNamespace(admin, prefix), PatchMode.SERVER_SIDE_APPLY);
    h.simulateControllers = false;
    h.ownsNamespace = true;
    h.installCrd();
    return h;
  }

  /**
   * The cluster admin's client for one test class: {@code @RegisterExtension static final
   * RealCluster.Admin cluster = new RealCluster.Admin();}, then {@code cluster.admin()}.
   */
  public static final class Admin implements BeforeAllCallback, AfterAllCallback {
    private KubernetesClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
      client = client();
    }

    @Override
    public void afterAll(ExtensionContext context) {
      if (client != null) {
        client.close();
      }
    }

    public KubernetesClient admin() {
      return client;
    }
  }
}
