package io.costcred.operator.platform;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import io.costcred.operator.testing.Chart;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart rendered by `helm template` with chosen values, as typed objects. */
final class RenderedChart {
  static final String NAMESPACE = "costcred-system";
  static final String RELEASE = "platform";

  /** Every optional feature on; the watched namespaces switch RBAC to per-namespace Roles. */
  static final Map<String, Object> ALL_FLAGS_ON =
      values(
          "watchNamespaces[0]", "finops",
          "watchNamespaces[1]", "team-b",
          "serviceMonitor.enabled", true,
          "prometheusRule.enabled", true,
          "networkPolicy.enabled", true,
          "networkPolicy.apiServer.cidrs[0]", "10.0.0.10/32",
          "networkPolicy.egress[0].name", "vantage",
          "networkPolicy.egress[0].cidrs[0]", "203.0.113.0/24",
          "networkPolicy.egress[0].ports[0].port", 443,
          "networkPolicy.egress[1].name", "vault",
          "networkPolicy.egress[1].cidrs[0]", "10.20.0.0/16",
          "networkPolicy.egress[1].ports[0].port", 8200,
          "networkPolicy.egress[2].name", "in-cluster vault",
          "networkPolicy.egress[2].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name",
              "vault",
          "networkPolicy.egress[2].podSelector.matchLabels.app\\.kubernetes\\.io/name", "vault",
          "networkPolicy.egress[2].ports[0].port", 8200,
          "egress.allow[0]", "https://api.vantage.sh",
          "egress.allow[1]", "https://vault.vault.svc:8200",
          "vault.serviceAccounts[0]", "costcred-vault",
          "vault.createServiceAccounts", true,
          "connections.secretNames[0]", "platform-vault-approle",
          "connections.secretNames[1]", "platform-aws-keys",
          "rbac.tenantServiceAccountTokens", true);

  private static final KubernetesClient PARSER = new KubernetesClientBuilder().build();

  final String yaml;
  final List<HasMetadata> objects;

  private RenderedChart(String yaml) {
    this.yaml = yaml;
    this.objects = parse(yaml);
  }

  private RenderedChart(List<HasMetadata> objects) {
    this.yaml = "";
    this.objects = objects;
  }

  /**
   * Without the CRD templates unless {@code values} set {@code crds.*}: most tests look at the
   * operator's objects, and tests that apply them must never touch the shared cluster's CRDs.
   */
  static RenderedChart render(Map<String, Object> values) {
    return new RenderedChart(command(NAMESPACE, withoutCrds(values)).call());
  }

  /** Everything the chart renders with these values, the CRD templates included. */
  static RenderedChart renderAll(Map<String, Object> values) {
    return new RenderedChart(command(NAMESPACE, values).call());
  }

  /** Into another namespace, the CRD templates included (as `helm install` applies them). */
  static RenderedChart renderWithCrds(String namespace, Map<String, Object> values) {
    return new RenderedChart(command(namespace, values).call());
  }

  /** With a values file (null values unset a default, which `--set` cannot express here). */
  static RenderedChart renderYaml(String valuesYaml) throws IOException {
    Path f = Files.createTempFile("values", ".yaml");
    try {
      Files.writeString(f, valuesYaml);
      return new RenderedChart(command(NAMESPACE, withoutCrds(Map.of())).withValuesFile(f).call());
    } finally {
      Files.delete(f);
    }
  }

  /**
   * The `helm test` hooks (templates/tests/), which `helm template` through helm-java leaves out:
   * rendered from a copy of the chart whose hook annotation is renamed.
   */
  static RenderedChart renderTestHooks(String namespace, Map<String, Object> values)
      throws IOException {
    Path copy = Files.createTempDirectory("chart");
    try {
      try (Stream<Path> files = Files.walk(Chart.DIR)) {
        for (Path p : files.toList()) {
          Path to = copy.resolve(Chart.DIR.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else if (p.startsWith(Chart.DIR.resolve("templates/tests"))) {
            Files.writeString(
                to, Files.readString(p).replace("helm.sh/hook:", "costcred.io/test-hook:"));
          } else {
            Files.copy(p, to);
          }
        }
      }
      TemplateCommand t =
          new Helm(copy)
              .template()
              .withName(RELEASE)
              .withNamespace(namespace)
              .withKubeVersion("1.34.10");
      for (Map.Entry<String, Object> e : withoutCrds(values).entrySet()) {
        t = t.set(e.getKey(), e.getValue());
      }
      RenderedChart all = new RenderedChart(t.call());
      List<HasMetadata> hooks =
          all.objects.stream()
              .filter(
                  o ->
                      o.getMetadata().getAnnotations() != null
                          && o.getMetadata().getAnnotations().containsKey("costcred.io/test-hook"))
              .toList();
      hooks.forEach(
          o -> {
            var a = o.getMetadata().getAnnotations();
            a.put("helm.sh/hook", a.remove("costcred.io/test-hook"));
          });
      return new RenderedChart(hooks);
    } finally {
      try (Stream<Path> files = Files.walk(copy)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static Map<String, Object> withoutCrds(Map<String, Object> values) {
    if (values.keySet().stream().anyMatch(k -> k.startsWith("crds."))) {
      return values;
    }
    Map<String, Object> v = new LinkedHashMap<>(values);
    v.put("crds.enabled", false);
    return v;
  }

  /** What `helm install` prints after installing (NOTES.txt), without a cluster. */
  static String notes(Map<String, Object> values) {
    InstallCommand i =
        new Helm(Chart.DIR)
            .install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion("1.34.10")
            .clientOnly()
            .dryRun();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      i = i.set(e.getKey(), e.getValue());
    }
    return i.call().getOutput();
  }

  static TemplateCommand command(String namespace, Map<String, Object> values) {
    TemplateCommand t =
        new Helm(Chart.DIR)
            .template()
            .withName(RELEASE)
            .withNamespace(namespace)
            .withKubeVersion("1.34.10");
    for (Map.Entry<String, Object> e : values.entrySet()) {
      t = t.set(e.getKey(), e.getValue());
    }
    return t;
  }

  static List<HasMetadata> parse(String yaml) {
    return PARSER.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }

  /** Key-value pairs in order, for `--set`. */
  static Map<String, Object> values(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Map<String, Object> with(Map<String, Object> base, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>(base);
    m.putAll(values(kv));
    return m;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The operator's container in the rendered Deployment. */
  Container operator() {
    return one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  /** Objects whose kind fabric8 has no class for (ServiceMonitor, PrometheusRule). */
  GenericKubernetesResource generic(String kind) {
    return objects.stream()
        .filter(o -> o instanceof GenericKubernetesResource && kind.equals(o.getKind()))
        .map(GenericKubernetesResource.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " rendered"));
  }

  boolean has(String kind) {
    return objects.stream().anyMatch(o -> kind.equals(o.getKind()));
  }
}
