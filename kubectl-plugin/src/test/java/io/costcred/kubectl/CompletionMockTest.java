package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code completion bash|zsh|fish} and the hidden {@code __complete} of the completion hook. */
@EnableKubernetesMockClient(crud = true)
class CompletionMockTest {
  static KubernetesClient client;

  @BeforeAll
  static void seed() {
    Fixtures.installCrd(client);
    for (String ns : List.of("finops", "test")) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    Fixtures.create(client, "finops", "alpha");
    Fixtures.create(client, "finops", "beta");
    Fixtures.create(client, "test", "gamma");
  }

  private static List<String> complete(String... words) {
    String[] args = new String[words.length + 1];
    args[0] = "__complete";
    System.arraycopy(words, 0, args, 1, words.length);
    var r = Cli.run(client, args);
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).last().isEqualTo(":4");
    return lines.subList(0, lines.size() - 1);
  }

  @Test
  void subcommandsWithoutHiddenOnes() {
    assertThat(complete(""))
        .contains("list", "describe", "rotate", "pool", "verify", "consumers", "completion")
        .doesNotContain("__complete", "ls");
    assertThat(complete("ro")).containsExactly("rotate");
  }

  @Test
  void namesComeFromTheClusterInTheGivenNamespace() {
    assertThat(complete("describe", "")).containsExactly("gamma"); // context namespace: test
    assertThat(complete("-n", "finops", "describe", "")).containsExactly("alpha", "beta");
    assertThat(complete("rotate", "--namespace=finops", "al")).containsExactly("alpha");
    assertThat(complete("rotate", "-n", "finops", "alpha", "")).containsExactly("beta");
    assertThat(complete("pool", "-n", "finops", "alpha", "")).isEmpty();
  }

  @Test
  void flagsAndFlagValues() {
    assertThat(complete("rotate", "--")).contains("--emergency", "--reason", "--selector", "--all");
    assertThat(complete("rotate", "--")).contains("--as", "--as-group", "--kubeconfig");
    assertThat(complete("rotate", "--")).doesNotContain("--poll-interval");
    assertThat(complete("list", "-o", "")).containsExactly("table", "wide", "json", "yaml");
    assertThat(complete("completion", "")).containsExactly("bash", "zsh", "fish");
    assertThat(complete("describe", "-n", "")).contains("finops", "test");
  }

  @Test
  void completionScripts() {
    var bash = Cli.run(client, "completion", "bash");
    assertThat(bash.code()).isZero();
    assertThat(bash.out())
        .contains("complete -F _complete_kubectl-costcred", "rotate", "--emergency");
    assertThat(bash.out()).doesNotContain("__complete");
    var zsh = Cli.run(client, "completion", "zsh");
    assertThat(zsh.out()).contains("bashcompinit", "_complete_kubectl-costcred");
    var fish = Cli.run(client, "completion", "fish");
    assertThat(fish.code()).isZero();
    assertThat(fish.out())
        .contains("complete -c kubectl-costcred -f")
        .contains("-a rotate", "-l emergency", "kubectl-costcred __complete")
        .contains("-s o -l output -r -a 'table wide json yaml'");
    var bad = Cli.run(client, "completion", "powershell");
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
  }
}
