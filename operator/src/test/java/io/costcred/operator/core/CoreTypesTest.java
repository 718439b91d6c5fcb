package io.costcred.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.Reasons;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreTypesTest {
  private final Fingerprinter fp = new Fingerprinter("0123456789abcdef0123456789abcdef".getBytes());

  @Test
  void secretValueNeverPrintsItself() {
    SecretValue v = SecretValue.of("vntg_tkn_secret");
    assertThat(v.toString()).doesNotContain("secret_").isEqualTo("SecretValue[redacted]");
    assertThat(Credential.token(v).toString()).doesNotContain("vntg_tkn");
    assertThat(v.sameAs(SecretValue.of("vntg_tkn_secret"))).isTrue();
    assertThat(v.sameAs(SecretValue.of("other"))).isFalse();
  }

  @Test
  void fingerprintsAreKeyedStableAndFieldAware() {
    Credential a = Credential.token(SecretValue.of("abc"));
    assertThat(fp.of(a)).hasSize(32).isEqualTo(fp.of(Credential.token(SecretValue.of("abc"))));
    assertThat(fp.of(a)).isNotEqualTo(new Fingerprinter(new byte[32]).of(a));
    assertThat(fp.of(new Credential(Map.of("x", SecretValue.of("abc"))))).isNotEqualTo(fp.of(a));
    assertThatThrownBy(() -> new Fingerprinter(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationsFollowGoSyntax() {
    assertThat(Durations.parse("2160h", "f")).isEqualTo(Duration.ofDays(90));
    assertThat(Durations.parse("1h30m", "f")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("500ms", "f")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1.5h", "f")).isEqualTo(Duration.ofMinutes(90));
    for (String bad : new String[] {"90d", "", "h", "10", "-1h", "0s", "1h x"}) {
      assertThatThrownBy(() -> Durations.parse(bad, "rotation.interval"))
          .isInstanceOf(PermanentException.class)
          .satisfies(
              e -> assertThat(((PermanentException) e).reason()).isEqualTo(Reasons.INVALID_SPEC));
    }
  }
}
