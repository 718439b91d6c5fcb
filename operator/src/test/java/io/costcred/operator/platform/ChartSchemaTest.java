package io.costcred.operator.platform;

import static io.costcred.operator.platform.RenderedChart.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.costcred.operator.testing.Chart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json refuses typos and wrong values before anything is rendered. */
class ChartSchemaTest {
  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("replicaCont", 3, "additional properties 'replicaCont' not allowed"),
        Arguments.of("serviceMonitor.enbled", true, "additional properties 'enbled' not allowed"),
        Arguments.of("logLevel", "verbose", "/logLevel"),
        Arguments.of("replicaCount", "two", "/replicaCount"),
        Arguments.of("rbac.scope", "everywhere", "/rbac/scope"),
        Arguments.of(
            "prometheusRule.tokenTooOld.threshold",
            "90days",
            "/prometheusRule/tokenTooOld/threshold"),
        Arguments.of(
            "prometheusRule.rotationFailed.window",
            "soon",
            "/prometheusRule/rotationFailed/window"),
        Arguments.of(
            "networkPolicy.apiServer.cidrs[0]",
            "kubernetes.default",
            "/networkPolicy/apiServer/cidrs/0"),
        Arguments.of("networkPolicy.apiServer.ports[0]", 70000, "/networkPolicy/apiServer/ports/0"),
        Arguments.of("watchNamespaces[0]", "Not_A_Namespace", "/watchNamespaces/0"),
        Arguments.of("image.digest", "latest", "/image/digest"),
        Arguments.of("egress.allow[0]", "ftp://files.example.com", "/egress/allow/0"),
        Arguments.of("egress.allow[0]", "https://*", "/egress/allow/0"),
        Arguments.of("egress.allow[0]", "https://*.com", "/egress/allow/0"),
        Arguments.of("egress.allow[0]", "https://api.vantage.sh/v2", "/egress/allow/0"),
        Arguments.of("egress.allow[0]", "api.vantage.sh", "/egress/allow/0"),
        Arguments.of("vault.serviceAccounts[0]", "Costcred_Vault", "/vault/serviceAccounts/0"),
        Arguments.of("connections.secretNames[0]", "a/b", "/connections/secretNames/0"),
        Arguments.of("rbac.tenantServiceAccountTokens", "yes", "/rbac/tenantServiceAccountTokens"),
        Arguments.of("admissionPolicy.enabld", false, "additional properties 'enabld'"),
        Arguments.of("crds.enabled", "yes", "/crds/enabled"),
        Arguments.of("crds.kep", true, "additional properties 'kep'"),
        Arguments.of("logFormat", "xml", "/logFormat"),
        Arguments.of("reconcileThreads", 0, "/reconcileThreads"),
        Arguments.of("revisionHistoryLimit", "five", "/revisionHistoryLimit"),
        Arguments.of("commonLabels.team", 5, "/commonLabels/team"),
        Arguments.of("extraArgs[0]", "verbose", "/extraArgs/0"),
        Arguments.of("extraEnv[0].value", "no name", "/extraEnv/0"),
        Arguments.of("extraVolumes[0].emptyDir.medium", "Memory", "/extraVolumes/0"),
        Arguments.of("extraVolumeMounts[0].name", "no-path", "/extraVolumeMounts/0"),
        Arguments.of("podSecurityContext.runAsUser", "root", "/podSecurityContext/runAsUser"),
        Arguments.of("podSecurityContext.runAsUsr", 0, "additional properties 'runAsUsr'"),
        Arguments.of("securityContext.privileged", "no", "/securityContext/privileged"),
        Arguments.of("grafanaDashboard.labelValue", 1, "/grafanaDashboard/labelValue"),
        Arguments.of("grafanaDashboard.namespace", "Monitoring", "/grafanaDashboard/namespace"),
        Arguments.of(
            "serviceMonitor.relabelings[0].action",
            "rewrite",
            "/serviceMonitor/relabelings/0/action"),
        Arguments.of(
            "serviceMonitor.metricRelabelings[0].regexp", ".*", "additional properties 'regexp'"),
        Arguments.of("tests.image", "", "/tests/image"));
  }

  @Test
  void egressAllowAcceptsTheDocumentedPatterns() {
    var chart =
        RenderedChart.render(
            values(
                "egress.allow[0]", "https://api.vantage.sh",
                "egress.allow[1]", "https://*.amazonaws.com",
                "egress.allow[2]", "http://127.0.0.1:*",
                "egress.allow[3]", "https://vault.vault.svc.cluster.local:8200",
                "egress.allow[4]", "http://[::1]:8200"));
    assertThat(chart.yaml).contains("--egress-allow=https://api.vantage.sh,");
  }

  @Test
  void egressAllowMustNotBeEmpty() {
    assertThatThrownBy(
            () ->
                RenderedChart.command(RenderedChart.NAMESPACE, Map.of())
                    .withValuesFile(writeValues("egress: {allow: []}\n"))
                    .call())
        .hasMessageContaining("/egress/allow");
  }

  @Test
  void networkPolicyEgressNeedsADestination() {
    assertThatThrownBy(
            () ->
                RenderedChart.render(
                    values(
                        "networkPolicy.egress[0].name",
                        "nowhere",
                        "networkPolicy.egress[0].ports[0].port",
                        443)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("/networkPolicy/egress/0");
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("invalidValues")
  void templateRefusesInvalidValues(String key, Object value, String message) {
    assertThatThrownBy(() -> RenderedChart.render(values(key, value)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(message);
  }

  @Test
  void strictLintFailsOnATypoInValuesYaml(@TempDir Path dir) throws IOException {
    Path copy = copyChart(dir);
    Files.writeString(
        copy.resolve("values.yaml"),
        "\nserviceMonitr:\n  enabled: true\n",
        StandardOpenOption.APPEND);
    var result = new Helm(copy).lint().strict().call();
    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("serviceMonitr");
  }

  @Test
  void everyObjectInTheSchemaRefusesUnknownKeys() throws IOException {
    JsonNode schema = new ObjectMapper().readTree(Chart.DIR.resolve("values.schema.json").toFile());
    List<String> open = new ArrayList<>();
    walk(schema, "", open);
    assertThat(open)
        .as("objects with properties but without additionalProperties: false")
        .isEmpty();
  }

  @Test
  void everyDefaultValueIsDescribedInTheSchema() throws IOException {
    JsonNode schema = new ObjectMapper().readTree(Chart.DIR.resolve("values.schema.json").toFile());
    JsonNode defaults =
        new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(Chart.DIR.resolve("values.yaml").toFile());
    for (Iterator<String> it = defaults.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      assertThat(schema.path("properties").has(key)).as(key).isTrue();
      assertThat(schema.path("required").toString())
          .as("required " + key)
          .contains('"' + key + '"');
    }
  }

  private static void walk(JsonNode node, String path, List<String> open) {
    if (node.has("properties")
        && !(node.has("additionalProperties")
            && node.get("additionalProperties").isBoolean()
            && !node.get("additionalProperties").asBoolean())) {
      open.add(path.isEmpty() ? "/" : path);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      // if/then only add constraints to objects declared elsewhere.
      boolean conditional = e.getKey().equals("if") || e.getKey().equals("then");
      if (e.getValue().isContainerNode() && !conditional) {
        walk(e.getValue(), path + "/" + e.getKey(), open);
      }
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "/" + i, open);
      }
    }
  }

  private static Path writeValues(String yaml) throws IOException {
    Path f = Files.createTempFile("values", ".yaml");
    f.toFile().deleteOnExit();
    return Files.writeString(f, yaml);
  }

  private static Path copyChart(Path dir) throws IOException {
    Path target = dir.resolve("costcred-operator");
    try (Stream<Path> files = Files.walk(Chart.DIR)) {
      for (Path p : files.toList()) {
        Path to = target.resolve(Chart.DIR.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }
}
