package io.costcred.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicySpec;
import io.costcred.operator.api.v1alpha1.RotationSpec;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoliciesTest {
  private static ClusterRotationPolicySpec strict() {
    ClusterRotationPolicySpec p = new ClusterRotationPolicySpec();
    p.setMaxInterval("720h");
    p.setMaxGracePeriod("24h");
    p.setRequireMaintenanceWindow(true);
    p.setAllowedStores(List.of("kubernetesSecret", "vault"));
    p.setVaultPathPrefixes(List.of("secret/data/{namespace}/"));
    return p;
  }

  @Test
  void compliantSettingsPass() {
    assertThat(
            Policies.violations(
                strict(),
                "finops",
                Duration.ofDays(30),
                Duration.ofHours(24),
                true,
                List.of(
                    new Policies.Destination(StoreSpec.Kind.VAULT, "secret/data/finops/vantage"))))
        .isEmpty();
  }

  @Test
  void everyLimitIsReported() {
    List<String> v =
        Policies.violations(
            strict(),
            "finops",
            Duration.ofDays(90),
            Duration.ofHours(48),
            false,
            List.of(
                new Policies.Destination(StoreSpec.Kind.VAULT, "secret/data/payments/vantage"),
                new Policies.Destination(StoreSpec.Kind.AWS_SECRETS_MANAGER, "x")));
    assertThat(v).hasSize(5);
    assertThat(String.join("\n", v))
        .contains(
            "maxInterval",
            "maxGracePeriod",
            "maintenance windows",
            "outside the allowed prefixes",
            "awsSecretsManager is not allowed");
  }

  @Test
  void defaultsApplyOnlyWhenTheCredentialHasNoRotationOfItsOwn() {
    ClusterRotationPolicySpec p = strict();
    RotationSpec defaults = new RotationSpec();
    defaults.setInterval("720h");
    p.setDefaults(defaults);
    assertThat(Policies.effectiveRotation(null, p)).isSameAs(defaults);
    RotationSpec own = new RotationSpec();
    assertThat(Policies.effectiveRotation(own, p)).isSameAs(own);
    assertThat(Policies.effectiveRotation(null, null)).isNotNull();
  }

  @Test
  void selectorMatchesNamespaceLabels() {
    ClusterRotationPolicySpec p = strict();
    p.setNamespaceSelector(Map.of("env", "production"));
    assertThat(Policies.selects(p, Map.of("env", "production", "team", "finops"))).isTrue();
    assertThat(Policies.selects(p, Map.of("env", "staging"))).isFalse();
    assertThat(Policies.selects(new ClusterRotationPolicySpec(), Map.of())).isTrue();
  }

  @Test
  void contradictoryLimitsAndDefaultsBeyondThemAreProblems() {
    assertThat(Policies.problems(strict())).isEmpty();
    ClusterRotationPolicySpec p = strict();
    p.setMaxGracePeriod("720h");
    assertThat(Policies.problems(p))
        .containsExactly("maxGracePeriod must be shorter than maxInterval");
    ClusterRotationPolicySpec d = strict();
    d.setDefaults(new RotationSpec()); // production preset: 2160h
    d.getDefaults().setGracePeriod("48h");
    assertThat(Policies.problems(d))
        .containsExactly(
            "the defaults rotate every 2160h, beyond maxInterval",
            "the defaults' gracePeriod 48h is beyond maxGracePeriod");
  }
}
