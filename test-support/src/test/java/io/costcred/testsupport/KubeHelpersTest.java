package io.costcred.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KubeHelpersTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void secretDataIsDecodedAndAbsentDataIsEmpty() {
    var secret =
        new SecretBuilder().addToData("token", b64("värde")).addToData("n", b64("")).build();
    assertThat(Secrets.decoded(secret))
        .containsExactly(java.util.Map.entry("token", "värde"), java.util.Map.entry("n", ""));
    assertThat(Secrets.decoded(null)).isEmpty();
    assertThat(Secrets.decoded(new SecretBuilder().build())).isEmpty();
  }

  @Test
  void aCrdCountsAsEstablishedOnlyWithEstablishedTrue() {
    assertThat(Crds.established(null)).isFalse();
    assertThat(Crds.established(new CustomResourceDefinitionBuilder().build())).isFalse();
    assertThat(Crds.established(crd("NamesAccepted", "True"))).isFalse();
    assertThat(Crds.established(crd("Established", "False"))).isFalse();
    assertThat(Crds.established(crd("Established", "True"))).isTrue();
  }

  private static io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd(
      String type, String status) {
    return new CustomResourceDefinitionBuilder()
        .withNewStatus()
        .addNewCondition()
        .withType(type)
        .withStatus(status)
        .endCondition()
        .endStatus()
        .build();
  }
}
