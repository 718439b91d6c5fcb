package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

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
    CustomResourceDefinition crd = Fixtures.crd(admin);
    admin.resource(crd).forceConflicts().serverSideApply();
    admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            60,
            TimeUnit.SECONDS);
  }

  static String freshNamespace(KubernetesClient admin, String prefix) {
    String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /** A kubeconfig file that authenticates as a ServiceAccount (bound token, 1 hour). */
  static Path kubeconfigFor(KubernetesClient admin, String namespace, String sa, Path dir)
      throws IOException {
    String token =
        admin
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(sa)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Config base = admin.getConfiguration();
    String ca =
        base.getCaCertData() != null
            ? base.getCaCertData()
            : Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(base.getCaCertFile())));
    Path file = dir.resolve(sa + ".kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster: {server: "%s", certificate-authority-data: "%s"}
        users:
        - name: %s
          user: {token: "%s"}
        contexts:
        - name: %s
          context: {cluster: local, user: %s, namespace: %s}
        current-context: %s
        """
            .formatted(base.getMasterUrl(), ca, sa, token, sa, sa, namespace, sa));
    return file;
  }
}
