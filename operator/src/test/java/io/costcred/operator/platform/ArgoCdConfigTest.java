package io.costcred.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.costcred.operator.api.v1alpha1.CostCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/argocd: argocd-cm-patch.yaml embeds the scripts ArgoLuaTest runs, its ignore rules select
 * exactly the operator's restart annotations, and the fixtures are CostCredentials.
 */
class ArgoCdConfigTest {
  private static final Path DIR = ArgoLuaTest.DIR;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Every file the two test lists name: inputs and expected outputs. */
  static Stream<String> fixtures() throws IOException {
    TreeSet<String> out = new TreeSet<>();
    YAML.readTree(DIR.resolve("health_test.yaml").toFile())
        .get("tests")
        .forEach(t -> out.add(t.get("inputPath").asText()));
    JsonNode actions = YAML.readTree(DIR.resolve("actions_test.yaml").toFile());
    for (String list : new String[] {"discoveryTests", "actionTests"}) {
      for (JsonNode t : actions.get(list)) {
        out.add(t.get("inputPath").asText());
        if (t.has("expectedOutputPath")) {
          out.add(t.get("expectedOutputPath").asText());
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixturesAreCostCredentialsTheOperatorCouldWrite(String input) throws IOException {
    ObjectMapper strict =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    CostCredential cr = strict.readValue(DIR.resolve(input).toFile(), CostCredential.class);
    assertThat(cr.getSpec()).isNotNull();
  }

  @Test
  void everyFixtureIsListed() throws IOException {
    try (Stream<Path> files = Files.list(DIR.resolve("testdata"))) {
      assertThat(files.map(p -> "testdata/" + p.getFileName()))
          .containsExactlyInAnyOrderElementsOf(fixtures().toList());
    }
  }

  @Test
  void configMapPatchCarriesTheSameScripts() throws IOException {
    JsonNode data = YAML.readTree(DIR.resolve("argocd-cm-patch.yaml").toFile()).get("data");
    assertThat(data.get("resource.customizations.health.costcred.io_CostCredential").asText())
        .as("argocd-cm-patch.yaml must embed health-costcredential.lua unchanged")
        .isEqualTo(Files.readString(DIR.resolve("health-costcredential.lua")));
    JsonNode actions =
        YAML.readTree(
            data.get("resource.customizations.actions.costcred.io_CostCredential").asText());
    assertThat(actions.get("discovery.lua").asText())
        .as("argocd-cm-patch.yaml must embed actions/discovery.lua unchanged")
        .isEqualTo(Files.readString(DIR.resolve("actions/discovery.lua")));
    List<String> names = new ArrayList<>();
    for (JsonNode d : actions.get("definitions")) {
      String name = d.get("name").asText();
      names.add(name);
      assertThat(d.get("action.lua").asText())
          .as("argocd-cm-patch.yaml must embed actions/" + name + "/action.lua unchanged")
          .isEqualTo(Files.readString(DIR.resolve("actions").resolve(name).resolve("action.lua")));
    }
    assertThat(names).containsExactly("rotate", "emergency-rotate");
  }

  @Test
  void ignoreRulesSelectExactlyTheRestartAnnotations() throws IOException {
    JsonNode cm = YAML.readTree(DIR.resolve("argocd-cm-patch.yaml").toFile());
    for (String kind : new String[] {"apps_Deployment", "apps_StatefulSet", "apps_DaemonSet"}) {
      JsonNode ignore = ignoreRule(cm, kind);
      assertThat(ignoredPaths(ignore, workload(true)))
          .as(kind + ": exactly the costcred.io/fp. keys of the pod template")
          .containsExactlyInAnyOrder(
              "spec.template.metadata.annotations.costcred.io/fp.a",
              "spec.template.metadata.annotations.costcred.io/fp.b");
      assertThat(ignoredPaths(ignore, workload(false))).as(kind + " without annotations").isEmpty();
    }
    JsonNode rollout = ignoreRule(cm, "argoproj.io_Rollout");
    ObjectNode r = MAPPER.createObjectNode();
    r.putObject("metadata")
        .putObject("annotations")
        .put("costcred.io/fp.a", "x")
        .put("notes", "kept");
    assertThat(ignoredPaths(rollout, r)).containsExactly("metadata.annotations.costcred.io/fp.a");
    assertThat(rollout.get("jsonPointers").get(0).asText()).isEqualTo("/spec/restartAt");
  }

  private static JsonNode ignoreRule(JsonNode cm, String kind) throws IOException {
    return YAML.readTree(
        cm.get("data").get("resource.customizations.ignoreDifferences." + kind).asText());
  }

  /** A workload whose template carries two credentials' keys and one of its own, or none. */
  private static JsonNode workload(boolean annotated) {
    ObjectNode w = MAPPER.createObjectNode();
    ObjectNode meta = w.putObject("spec").putObject("template").putObject("metadata");
    if (annotated) {
      meta.putObject("annotations")
          .put("costcred.io/fp.a", "x")
          .put("costcred.io/fp.b", "y")
          .put("costcred.io/credential", "not a restart key")
          .put("app.kubernetes.io/version", "1");
    }
    return w;
  }

  /**
   * The paths ArgoCD ignores: every jqPathExpression evaluated as {@code path(expr)} (what ArgoCD
   * does with gojq; jackson-jq here), joined with dots.
   */
  private static List<String> ignoredPaths(JsonNode rule, JsonNode doc) throws IOException {
    Scope root = Scope.newEmptyScope();
    BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, root);
    List<String> out = new ArrayList<>();
    for (JsonNode e : rule.get("jqPathExpressions")) {
      JsonQuery q = JsonQuery.compile("path(" + e.asText() + ")", Versions.JQ_1_6);
      q.apply(
          Scope.newChildScope(root),
          doc,
          p -> {
            List<String> parts = new ArrayList<>();
            p.forEach(x -> parts.add(x.asText()));
            out.add(String.join(".", parts));
          });
    }
    return out;
  }
}
