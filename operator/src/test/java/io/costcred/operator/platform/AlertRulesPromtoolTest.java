package io.costcred.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alert rules: promtool checks them and runs deploy/prometheus/alerts-test.yaml on
 * them; every alert has a unit test; every metric they use is one the operator exports.
 */
class AlertRulesPromtoolTest {
  static final Path TESTS = Path.of("../deploy/prometheus/alerts-test.yaml");
  private static final Path RUNBOOKS = Path.of("../docs/runbooks");
  private static final Path VERSION = Path.of("../hack/promtool/VERSION");

  private final GenericKubernetesResource rule =
      RenderedChart.render(Map.of("prometheusRule.enabled", true)).generic("PrometheusRule");

  @Test
  void rulesUseOnlyMetricsTheOperatorExports() {
    Set<String> exported = ExportedMetrics.costcredSampleNames();
    Set<String> used = new TreeSet<>();
    AlertRules.rules(rule)
        .forEach(r -> AlertRules.metricNames((String) r.get("expr")).forEach(used::add));
    assertThat(used).isNotEmpty();
    assertThat(exported).containsAll(used);
  }

  @Test
  void everyAlertHasAFiringAndAQuietUnitTest() throws IOException {
    JsonNode tests = new ObjectMapper(new YAMLFactory()).readTree(TESTS.toFile());
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (JsonNode group : tests.get("tests")) {
      for (JsonNode t : group.path("alert_rule_test")) {
        String name = t.get("alertname").asText();
        (t.path("exp_alerts").isEmpty() ? quiet : firing).add(name);
      }
    }
    List<String> alerts = AlertRules.alertNames(rule);
    assertThat(firing).containsExactlyInAnyOrderElementsOf(alerts);
    assertThat(quiet).containsExactlyInAnyOrderElementsOf(alerts);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertIsRoutablePerNamespaceAndLinksARunbookThatExists() {
    String base = "https://github.com/costcred/costcred-operator/blob/main/docs/runbooks/";
    for (Map<String, Object> r : AlertRules.rules(rule)) {
      String alert = (String) r.get("alert");
      Map<String, Object> annotations = (Map<String, Object>) r.get("annotations");
      String url = (String) annotations.get("runbook_url");
      assertThat(url).as(alert + " runbook_url").startsWith(base).endsWith(".md");
      assertThat(RUNBOOKS.resolve(url.substring(base.length())))
          .as(alert + " runbook file")
          .isRegularFile();
      Map<String, Object> labels = (Map<String, Object>) r.get("labels");
      String expr = (String) r.get("expr");
      assertThat(labels.containsKey("namespace") || expr.contains("by (namespace"))
          .as(alert + " carries a namespace label")
          .isTrue();
    }
    GenericKubernetesResource tuned =
        RenderedChart.render(
                Map.of(
                    "prometheusRule.enabled", true,
                    "prometheusRule.runbookBaseUrl", "https://wiki.example/runbooks/",
                    "prometheusRule.additionalAlertLabels.team", "finops"))
            .generic("PrometheusRule");
    for (Map<String, Object> r : AlertRules.rules(tuned)) {
      assertThat((String) ((Map<String, Object>) r.get("annotations")).get("runbook_url"))
          .startsWith("https://wiki.example/runbooks/")
          .doesNotContain("runbooks//");
      assertThat((Map<String, Object>) r.get("labels")).containsEntry("team", "finops");
    }
    GenericKubernetesResource none =
        RenderedChart.render(
                Map.of("prometheusRule.enabled", true, "prometheusRule.runbookBaseUrl", ""))
            .generic("PrometheusRule");
    AlertRules.rules(none)
        .forEach(
            r ->
                assertThat((Map<String, Object>) r.get("annotations"))
                    .doesNotContainKey("runbook_url"));
  }

  @Test
  void promtoolAcceptsTheRulesAndTheirUnitTestsPass(@TempDir Path dir) throws Exception {
    Path promtool = promtool();
    Files.writeString(dir.resolve("costcred-rules.yaml"), AlertRules.ruleFile(rule));
    Files.copy(TESTS, dir.resolve("alerts-test.yaml"));
    run(dir, promtool.toString(), "check", "rules", "costcred-rules.yaml");
    run(dir, promtool.toString(), "test", "rules", "alerts-test.yaml");
  }

  /** $COSTCRED_PROMTOOL, else the binary hack/build-promtool.sh caches. */
  static Path promtool() throws IOException {
    String explicit = System.getenv("COSTCRED_PROMTOOL");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String cache = System.getenv("COSTCRED_CACHE");
    Path root =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "costcred");
    String version = Files.readString(VERSION).trim();
    Path bin = root.resolve("promtool").resolve(version).resolve("promtool");
    if (!Files.isExecutable(bin)) {
      fail(
          "promtool "
              + version
              + " not found at "
              + bin
              + ": run hack/build-promtool.sh (make test does), or set COSTCRED_PROMTOOL");
    }
    return bin;
  }

  private static void run(Path dir, String... command) throws Exception {
    Path log = dir.resolve("promtool.log");
    Process p =
        new ProcessBuilder(new ArrayList<>(List.of(command)))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in 120 s");
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
  }
}
