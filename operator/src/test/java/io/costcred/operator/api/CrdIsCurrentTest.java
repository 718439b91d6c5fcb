package io.costcred.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CRD committed under crds/ must be exactly what the generator makes from the Java API. */
class CrdIsCurrentTest {
  private static final String FILE = "costcredentials.costcred.io-v1.yml";

  @Test
  void committedCrdMatchesGeneratedCrd() throws Exception {
    Path generated = Path.of("../api/target/classes/META-INF/fabric8", FILE);
    Path committed = Path.of("../crds", FILE);
    assertThat(generated).exists();
    boolean same = Files.readString(committed).equals(Files.readString(generated));
    assertThat(same).as("crds/%s is stale: run `make crds` and commit the result", FILE).isTrue();
  }

  // The chart's copies (templates/crds/) are checked by platform/ChartCopiesTest.

  @Test
  void crdHasStatusSubresourcePrinterColumnsAndCelRules() throws Exception {
    String crd = Files.readString(Path.of("../crds", FILE));
    assertThat(crd).contains("subresources:", "status: {}");
    assertThat(crd)
        .contains(
            "name: \"Ready\"",
            "name: \"Provider\"",
            "name: \"Last Rotated\"",
            "name: \"Next Rotation\"",
            "name: \"Age\"");
    assertThat(crd).contains("x-kubernetes-validations", "gracePeriod must be shorter");
    assertThat(crd).contains("shortNames:", "- \"ccred\"");
  }
}
