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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * The ArgoCD health check, run by a real Lua interpreter (LuaJ) on the fixtures that
 * deploy/argocd/health_test.yaml lists, in ArgoCD's own test format.
 */
class ArgoHealthLuaTest {
  private static final Path DIR = Path.of("../deploy/argocd");
  private static final Path SCRIPT = DIR.resolve("health-costcredential.lua");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Arguments> cases() throws IOException {
    JsonNode tests = YAML.readTree(DIR.resolve("health_test.yaml").toFile()).get("tests");
    Stream.Builder<Arguments> out = Stream.builder();
    for (JsonNode t : tests) {
      out.add(
          Arguments.of(
              t.get("inputPath").asText(),
              t.get("healthStatus").get("status").asText(),
              t.get("healthStatus").get("message").asText()));
    }
    return out.build();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("cases")
  void healthMatchesTheExpectation(String input, String status, String message) throws IOException {
    LuaValue hs = evaluate(YAML.readTree(DIR.resolve(input).toFile()));
    assertThat(hs.get("status").tojstring()).isEqualTo(status);
    assertThat(hs.get("message").tojstring()).isEqualTo(message);
  }

  static Stream<String> fixtures() throws IOException {
    return cases().map(a -> (String) a.get()[0]);
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
  void argocdConfigMapPatchCarriesTheSameScript() throws IOException {
    JsonNode cm = YAML.readTree(DIR.resolve("argocd-cm-patch.yaml").toFile());
    assertThat(
            cm.get("data")
                .get("resource.customizations.health.costcred.io_CostCredential")
                .asText())
        .as("deploy/argocd/argocd-cm-patch.yaml must embed health-costcredential.lua unchanged")
        .isEqualTo(Files.readString(SCRIPT));
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

  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper();

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
    net.thisptr.jackson.jq.Scope root = net.thisptr.jackson.jq.Scope.newEmptyScope();
    net.thisptr.jackson.jq.BuiltinFunctionLoader.getInstance()
        .loadFunctions(net.thisptr.jackson.jq.Versions.JQ_1_6, root);
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode e : rule.get("jqPathExpressions")) {
      net.thisptr.jackson.jq.JsonQuery q =
          net.thisptr.jackson.jq.JsonQuery.compile(
              "path(" + e.asText() + ")", net.thisptr.jackson.jq.Versions.JQ_1_6);
      q.apply(
          net.thisptr.jackson.jq.Scope.newChildScope(root),
          doc,
          p -> {
            List<String> parts = new java.util.ArrayList<>();
            p.forEach(x -> parts.add(x.asText()));
            out.add(String.join(".", parts));
          });
    }
    return out;
  }

  @Test
  void scriptAvoidsLuaNewerThan51() throws IOException {
    String code = Files.readString(SCRIPT).replaceAll("--[^\n]*", "");
    for (String newer :
        new String[] {
          "goto ", "//", "::", "utf8.", "table.unpack", "table.move", "<<", ">>", "&", "~ "
        }) {
      assertThat(code).as("gopher-lua is Lua 5.1").doesNotContain(newer);
    }
    assertThat(Pattern.compile("\\bos\\.|\\bio\\.|\\brequire\\s*[(\"']").matcher(code).find())
        .isFalse();
  }

  /** Runs the script like ArgoCD: base, table, string and math libraries; the object as `obj`. */
  static LuaValue evaluate(JsonNode object) throws IOException {
    Globals g = new Globals();
    g.load(new JseBaseLib());
    g.load(new PackageLib());
    g.load(new TableLib());
    g.load(new StringLib());
    g.load(new JseMathLib());
    LoadState.install(g);
    LuaC.install(g);
    g.set("obj", lua(object));
    return g.load(Files.readString(SCRIPT), "health-costcredential.lua").call();
  }

  private static LuaValue lua(JsonNode n) {
    if (n.isObject()) {
      LuaTable t = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull()) {
          t.set(e.getKey(), lua(e.getValue()));
        }
      }
      return t;
    }
    if (n.isArray()) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < n.size(); i++) {
        t.set(i + 1, lua(n.get(i)));
      }
      return t;
    }
    if (n.isNumber()) {
      return LuaValue.valueOf(n.asDouble());
    }
    if (n.isBoolean()) {
      return LuaValue.valueOf(n.asBoolean());
    }
    return LuaValue.valueOf(n.asText());
  }
}
