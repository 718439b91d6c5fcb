package io.costcred.operator.testing;

import com.marcnuri.helm.Helm;
import io.costcred.testsupport.ServiceAccounts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The Helm chart as `helm template` renders it, applied piecewise to a real cluster. */
public final class Chart {
  public static final Path DIR = Path.of("../helm/costcred-operator");

  private Chart() {}

  /**
   * The chart's defaults, except the CRD templates and the requester-identity admission policy: it
   * is cluster-wide and has a fixed name, so a test that applies everything and deletes only its
   * RBAC would leave it behind for every other test on the shared cluster.
   * platform/RequesterIdentityIT applies it scoped to its own namespace.
   */
  public static String render(String release, String namespace) {
    return new Helm(DIR)
        .template()
        .withName(release)
        .withNamespace(namespace)
        .withKubeVersion("1.34.10")
        .set("admissionPolicy.enabled", false)
        // The shared cluster's CRDs belong to every suite: never applied (or deleted) from here.
        .set("crds.enabled", false)
        .set("tests.enabled", false)
        .call();
  }

  public static List<HasMetadata> objects(KubernetesClient client, String rendered) {
    return client.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8))).items();
  }

  /** A client authenticated as a ServiceAccount through a short-lived bound token. */
  public static KubernetesClient clientAs(KubernetesClient admin, String namespace, String sa) {
    return ServiceAccounts.client(admin, namespace, ServiceAccounts.token(admin, namespace, sa));
  }
}
