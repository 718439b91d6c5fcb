package io.costcred.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ArgoCD health check and resource actions, run with gopher-lua (the interpreter ArgoCD embeds)
 * in a sandbox like ArgoCD's by the harness hack/argocd-lua, on the cases of
 * deploy/argocd/health_test.yaml and actions_test.yaml: one dynamic test per case.
 */
class ArgoLuaTest {
  static final Path DIR = Path.of("../deploy/argocd");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** What one harness run printed and how it exited. */
  record Run(int exit, List<JsonNode> cases, String output) {}

  @TestFactory
  Stream<DynamicTest> everyCasePassesInArgoCdsSandbox() throws Exception {
    Run run = run(DIR);
    assertThat(run.cases()).as(run.output()).isNotEmpty();
    assertThat(run.exit()).as("harness exit status (1: a case failed)\n" + run.output()).isIn(0, 1);
    return run.cases().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("case").asText(),
                    () ->
                        assertThat(c.get("ok").asBoolean())
                            .as(c.path("detail").asText())
                            .isTrue()));
  }

  @Test
  void theHarnessRunsEveryListedCase() throws Exception {
    JsonNode health = YAML.readTree(DIR.resolve("health_test.yaml").toFile());
    JsonNode actions = YAML.readTree(DIR.resolve("actions_test.yaml").toFile());
    int listed =
        health.get("tests").size()
            + actions.get("discoveryTests").size()
            + actions.get("actionTests").size();
    assertThat(run(DIR).cases()).as("the sandbox check and every listed case").hasSize(listed + 1);
  }

  /** A wrong expectation fails: the harness compares, it does not just run the scripts. */
  @Test
  void aWrongExpectationFails(@TempDir Path copy) throws Exception {
    copyTree(DIR, copy);
    Path tests = copy.resolve("actions_test.yaml");
    Files.writeString(
        tests,
        Files.readString(tests)
            .replace(
                "expectedErrorMessage: a rotation is already in progress",
                "expectedErrorMessage: something else"));
    Run run = run(copy);
    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    assertThat(run.cases().stream().filter(c -> !c.get("ok").asBoolean()).count())
        .as(run.output())
        .isEqualTo(2);
  }

  /** gopher-lua is Lua 5.1, and ArgoCD opens no string, math or io library for these scripts. */
  @Test
  void scriptsUseOnlyWhatArgoCdsSandboxHas() throws IOException {
    List<Path> scripts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(DIR)) {
      files.filter(p -> p.toString().endsWith(".lua")).forEach(scripts::add);
    }
    assertThat(scripts).hasSize(4);
    for (Path script : scripts) {
      String code = Files.readString(script).replaceAll("--[^\n]*", "");
      for (String newer :
          new String[] {
            "goto ", "//", "::", "utf8.", "table.unpack", "table.move", "<<", ">>", "&", "~ "
          }) {
        assertThat(code).as(script + ": gopher-lua is Lua 5.1").doesNotContain(newer);
      }
      assertThat(
              Pattern.compile("\\b(string|math|io|debug)\\.|:(sub|find|match|gsub|len)\\(")
                  .matcher(code)
                  .find())
          .as(script + ": no library ArgoCD leaves closed")
          .isFalse();
      assertThat(Pattern.compile("\\brequire\\b|\\bos\\.(?!date\\b|time\\b)").matcher(code).find())
          .as(script + ": of os only date and time, and no require")
          .isFalse();
    }
  }

  static Run run(Path dir) throws Exception {
    Path harness = harness();
    Path out = Files.createTempFile("argocd-lua", ".out");
    try {
      Process p =
          new ProcessBuilder(harness.toString(), dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(harness + " did not finish in 60 s");
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      List<JsonNode> cases = new ArrayList<>();
      for (String line : output.split("\n")) {
        if (line.startsWith("{")) {
          cases.add(JSON.readTree(line));
        }
      }
      return new Run(p.exitValue(), cases, output);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** $COSTCRED_ARGOCD_LUA, else the binary hack/build-argocd-lua.sh caches for these sources. */
  static Path harness() throws Exception {
    String explicit = System.getenv("COSTCRED_ARGOCD_LUA");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    Process p =
        new ProcessBuilder("bash", "../hack/build-argocd-lua.sh", "--path")
            .redirectErrorStream(true)
            .start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).as(printed).isZero();
    Path bin = Path.of(printed.substring(printed.lastIndexOf('\n') + 1));
    if (!Files.isExecutable(bin)) {
      fail(
          "the ArgoCD Lua harness is not built at "
              + bin
              + ": run hack/build-argocd-lua.sh (make test does), or set COSTCRED_ARGOCD_LUA");
    }
    return bin;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
