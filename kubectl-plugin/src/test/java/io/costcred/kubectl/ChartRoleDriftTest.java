package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * kubectl-plugin/deploy/costcred-emergency-rotator.yaml (what the *IT proves sufficient) and the
 * Helm chart's ClusterRole of the same name must grant the same rules. Skipped while the chart has
 * no such role.
 */
class ChartRoleDriftTest {
  @Test
  void theChartGrantsExactlyWhatThePluginsRoleGrants() throws Exception {
    KubernetesSerialization ser = new KubernetesSerialization();
    ClusterRole ours =
        ser.unmarshal(
            Files.readString(Path.of("deploy/costcred-emergency-rotator.yaml")), ClusterRole.class);
    assertThat(ours.getMetadata().getName()).isEqualTo(RotateCommand.ROLE);
    assertThat(ours.getMetadata().getLabels().keySet())
        .noneMatch(k -> k.startsWith("rbac.authorization.k8s.io/aggregate-to"));

    Path templates = Fixtures.repoDir().resolve("helm/costcred-operator/templates");
    String chartDoc = null;
    if (Files.isDirectory(templates)) {
      try (var files = Files.list(templates)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
          for (String doc : Files.readString(f).split("(?m)^---\\s*$")) {
            if (doc.contains("name: " + RotateCommand.ROLE)) {
              chartDoc = doc;
            }
          }
        }
      }
    }
    assumeTrue(chartDoc != null, "the chart has no ClusterRole " + RotateCommand.ROLE + " yet");
    // Template directives are dropped; what remains of this role is plain YAML.
    String plain =
        Arrays.stream(chartDoc.split("\n"))
            .filter(l -> !l.contains("{{"))
            .collect(Collectors.joining("\n"));
    ClusterRole chart = ser.unmarshal(plain, ClusterRole.class);
    assertThat(chart.getRules()).isEqualTo(ours.getRules());
  }
}
