package io.costcred.e2e.support;

import com.marcnuri.helm.Helm;
import io.costcred.testsupport.ServiceAccounts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Helm chart's ServiceAccount and RBAC, exactly as {@code helm template} renders them, in the
 * operator namespace. The chart's Deployment is skipped: its image cannot run here, so the operator
 * runs as a local process with a kubeconfig for the chart's ServiceAccount instead.
 */
public final class ChartRbac implements AutoCloseable {
  private final KubernetesClient admin;
  private final String namespace;
  private final List<HasMetadata> clusterScoped = new ArrayList<>();
  private String serviceAccount;

  /**
   * Installs the chart's RBAC for a release in {@code namespace} that watches only {@code
   * watchNamespace}, as {@code helm install --set watchNamespaces={...}} would.
   */
  public ChartRbac(KubernetesClient admin, String namespace, String watchNamespace) {
    this(admin, namespace, List.of(watchNamespace), java.util.Map.of());
  }

  /**
   * The same for a release that watches several namespaces, with more chart values ({@code --set
   * key=value}, e.g. {@code vault.serviceAccounts[0]=costcred-vault}).
   */
  public ChartRbac(
      KubernetesClient admin,
      String namespace,
      List<String> watchNamespaces,
      java.util.Map<String, String> values) {
    this.admin = admin;
    this.namespace = namespace;
    String release = "e2e" + Long.toString(System.nanoTime(), 36);
    var template =
        new Helm(chartDir())
            .template()
            .withName(release)
            .withNamespace(namespace)
            .withKubeVersion("1.34.10");
    for (int i = 0; i < watchNamespaces.size(); i++) {
      template = template.set("watchNamespaces[" + i + "]", watchNamespaces.get(i));
    }
    // The requester-identity admission policy is cluster-wide: only scenarios that test it (and
    // say so) install it, so that the others and concurrent runs are not bound by it.
    if (!values.containsKey("admissionPolicy.enabled")) {
      template = template.set("admissionPolicy.enabled", "false");
    }
    for (var v : values.entrySet()) {
      template = template.set(v.getKey(), v.getValue());
    }
    // The CRDs are chart templates now; the shared cluster's are installed once and outlive tests.
    template = template.set("crds.enabled", "false");
    String rendered = template.skipCrds().call();
    List<HasMetadata> objects =
        admin.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata o : objects) {
      if (o instanceof Deployment d) {
        // The operator's identity is the one its pod runs as: the chart may render more
        // ServiceAccounts (vault.createServiceAccounts), which the operator only requests tokens
        // for.
        serviceAccount = d.getSpec().getTemplate().getSpec().getServiceAccountName();
        continue;
      }
      if (!(o instanceof Namespaced)) {
        clusterScoped.add(o);
      }
      String target = o.getMetadata().getNamespace();
      admin
          .resource(o)
          .inNamespace(target == null ? namespace : target)
          .forceConflicts()
          .serverSideApply();
    }
    if (serviceAccount == null) {
      throw new IllegalStateException("the chart rendered no ServiceAccount");
    }
  }

  /** The repository's chart; {@code -De2e.chartDir=<dir>} tests another copy (e.g. a fix). */
  public static Path chartDir() {
    String dir = System.getProperty("e2e.chartDir", "");
    return dir.isBlank() ? Repo.path("helm/costcred-operator") : Path.of(dir).toAbsolutePath();
  }

  public String serviceAccount() {
    return serviceAccount;
  }

  /** A bound token for the ServiceAccount from the TokenRequest API (a secret: scan for it). */
  public String requestToken() {
    return ServiceAccounts.token(admin, namespace, serviceAccount);
  }

  /** Writes a kubeconfig (mode 600) that authenticates as the ServiceAccount with {@code token}. */
  public Path writeKubeconfig(Path dir, String token) {
    return ServiceAccounts.writeKubeconfig(
        admin, namespace, serviceAccount, token, dir.resolve("operator.kubeconfig"));
  }

  /** Removes the cluster-scoped objects; the namespaced ones go with the namespace. */
  @Override
  public void close() {
    for (HasMetadata o : clusterScoped) {
      admin.resource(o).delete();
    }
  }
}
