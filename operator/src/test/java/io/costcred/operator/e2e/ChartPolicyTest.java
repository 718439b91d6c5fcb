package io.costcred.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.costcred.operator.testing.Chart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chart lints, grants no wildcard, and its pod meets the "restricted" Pod Security Standard.
 */
class ChartPolicyTest {
  private final KubernetesClient parser = new KubernetesClientBuilder().build();
  private final List<HasMetadata> objects =
      Chart.objects(parser, Chart.render("policy", "costcred-system"));

  @Test
  void chartLints() {
    var result = new Helm(Chart.DIR).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void rbacHasNoWildcardsAndNoSecretListing() {
    List<PolicyRule> rules = new ArrayList<>();
    // The operator's own role may list and watch Secrets (rbac.watchSecrets); no other may.
    List<PolicyRule> operatorRules = new ArrayList<>();
    objects.stream()
        .filter(ClusterRole.class::isInstance)
        .map(ClusterRole.class::cast)
        .forEach(r -> (isOperatorRole(r) ? operatorRules : rules).addAll(r.getRules()));
    objects.stream()
        .filter(Role.class::isInstance)
        .map(Role.class::cast)
        .forEach(r -> (isOperatorRole(r) ? operatorRules : rules).addAll(r.getRules()));
    assertThat(operatorRules)
        .anyMatch(r -> r.getResources().contains("secrets") && r.getVerbs().contains("watch"));
    for (PolicyRule r : operatorRules) {
      assertThat(r.getVerbs()).doesNotContain("*");
      assertThat(r.getResources()).doesNotContain("*");
    }
    assertThat(rules).isNotEmpty();
    for (PolicyRule r : rules) {
      assertThat(r.getVerbs()).doesNotContain("*");
      assertThat(r.getResources()).doesNotContain("*");
      assertThat(r.getApiGroups()).doesNotContain("*");
      if (r.getResources().contains("secrets")) {
        assertThat(r.getVerbs()).doesNotContain("list", "watch");
      }
    }
  }

  private static boolean isOperatorRole(io.fabric8.kubernetes.api.model.HasMetadata r) {
    return r.getMetadata().getName().endsWith("-costcred-operator");
  }

  @Test
  void podSpecMeetsTheRestrictedProfile() {
    Deployment d =
        objects.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    pod.getContainers()
        .forEach(
            c -> {
              var sc = c.getSecurityContext();
              assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
              assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
              assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
              assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
              assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
            });
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
  }
}
