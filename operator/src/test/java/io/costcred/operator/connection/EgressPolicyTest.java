package io.costcred.operator.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.PermanentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressPolicyTest {
  private final EgressPolicy defaults = EgressPolicy.of(EgressPolicy.DEFAULTS);

  @Test
  void theDefaultsAllowTheSaasEndpointsOverHttpsOnly() {
    assertThat(defaults.check("https://api.vantage.sh", "x")).hasHost("api.vantage.sh");
    assertThat(defaults.check("https://secretsmanager.eu-west-1.amazonaws.com/", "x")).isNotNull();
    assertThat(defaults.check("https://hooks.slack.com/services/T/B/C", "x")).isNotNull();
    assertRefused(defaults, "http://api.vantage.sh");
    assertRefused(defaults, "https://api.vantage.sh:8443");
    assertRefused(defaults, "https://amazonaws.com"); // *.x matches subdomains only
    assertRefused(defaults, "https://amazonaws.com.evil.example");
    assertRefused(defaults, "https://evil.example/?https://api.vantage.sh");
    assertRefused(defaults, "https://api.vantage.sh@evil.example");
    assertRefused(defaults, "https://user:pw@api.vantage.sh");
    assertRefused(defaults, "https://vault.vault.svc:8200"); // Vault hosts are never default
    assertRefused(defaults, "file:///etc/passwd");
    assertRefused(defaults, "not a url");
    assertRefused(defaults, null);
  }

  @Test
  void httpAndPortsOnlyWhereAListedEntrySaysSo() {
    EgressPolicy p = EgressPolicy.of(List.of("http://127.0.0.1:8200", "https://vault.example:*"));
    assertThat(p.check("http://127.0.0.1:8200/v1", "x")).isNotNull();
    assertRefused(p, "http://127.0.0.1:8201");
    assertRefused(p, "https://127.0.0.1:8200");
    assertThat(p.check("https://vault.example:9999", "x")).isNotNull();
    assertThat(p.check("https://VAULT.example", "x")).isNotNull();
    assertRefused(p, "http://vault.example");
  }

  @Test
  void theMessageNamesHostAndPortButNeverThePath() {
    assertThatThrownBy(() -> defaults.check("https://evil.example/services/SECRETPATH", "webhook"))
        .isInstanceOfSatisfying(
            PermanentException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.EGRESS_NOT_ALLOWED);
              assertThat(e.getMessage()).contains("webhook", "https://evil.example:443");
              assertThat(e.getMessage()).doesNotContain("SECRETPATH");
            });
  }

  @Test
  void malformedPatternsAreConfigurationErrors() {
    for (String bad :
        List.of(
            "api.vantage.sh", "ftp://x", "https://a*.example", "https://x/path", "https://x:0")) {
      assertThatThrownBy(() -> EgressPolicy.of(List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static void assertRefused(EgressPolicy p, String url) {
    assertThatThrownBy(() -> p.check(url, "test"))
        .as(String.valueOf(url))
        .isInstanceOfSatisfying(
            PermanentException.class,
            e -> assertThat(e.reason()).isEqualTo(Reasons.EGRESS_NOT_ALLOWED));
  }
}
