package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/kubectl-plugin.md says what the plugin's exit codes are (issue 13, item 9): the table
 * against {@link ExitCodes} and the launcher, and verify's exit code while a CurrentTokenRejected
 * rotation runs against what verify returns for the status the operator writes then.
 */
@EnableKubernetesMockClient(crud = true)
class ExitCodesDocTest {
  static final String NS = "finops";
  static final String NAME = "finfocus-vantage";

  KubernetesClient client;

  private static String doc() throws Exception {
    return Files.readString(Fixtures.repoDir().resolve("docs/kubectl-plugin.md"));
  }

  private static String section(String doc, String heading) {
    int start = doc.indexOf(heading);
    assertThat(start).as(heading).isNotNegative();
    int end = doc.indexOf("\n#", start + heading.length());
    return doc.substring(start, end < 0 ? doc.length() : end);
  }

  @Test
  void theExitCodeTableListsExactlyTheCodesThePluginAndItsLauncherUse() throws Exception {
    Set<Integer> codes = new TreeSet<>();
    for (Field f : ExitCodes.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
        codes.add(f.getInt(null));
      }
    }
    Matcher launcher =
        Pattern.compile("(?m)^\\s*exit (\\d+)$")
            .matcher(
                Files.readString(
                    Fixtures.repoDir().resolve("kubectl-plugin/bin/kubectl-costcred")));
    while (launcher.find()) {
      codes.add(Integer.parseInt(launcher.group(1)));
    }
    Set<Integer> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(section(doc(), "## Exit codes"));
    while (row.find()) {
      documented.add(Integer.parseInt(row.group(1)));
    }
    assertThat(documented).isEqualTo(codes);
  }

  /**
   * The operator's status while re-verification's rotation runs: Ready=False CurrentTokenInvalid
   * (operator StatusSummary; StatusSummaryTest's row "rejected" pins it).
   */
  @Test
  void verifyExitCodeDuringCurrentTokenRejectedIsTheDocumentedOne() throws Exception {
    Fixtures.seedRich(client, NS, NAME);
    Fixtures.replaceStatus(
        client,
        NS,
        NAME,
        "{\"status\":{\"rotation\":{\"id\":\"u-r12\",\"trigger\":\""
            + RotationTrigger.CurrentTokenRejected
            + "\",\"phase\":\"Obtaining\"},\"conditions\":[{\"type\":\""
            + Reasons.READY
            + "\",\"status\":\"False\",\"reason\":\""
            + Reasons.CURRENT_TOKEN_INVALID
            + "\",\"message\":\"rotation u-r12 replaces it\"}]}}");
    var r = Cli.run(client, "verify", NAME, "-n", NS);
    String verify = section(doc(), "### `verify NAME");
    String sentence =
        Pattern.compile("(?s)[^.]*`" + RotationTrigger.CurrentTokenRejected + "`[^.]*\\.")
            .matcher(verify)
            .results()
            .map(m -> m.group().replaceAll("\\s+", " "))
            .filter(s -> s.contains("exit code"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("verify's doc names no exit code for it"));
    assertThat(sentence).contains("exit code is " + r.code()).contains("`Ready=False`");
  }
}
