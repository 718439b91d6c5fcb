package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin reads CostCredentials as untyped JSON. This test ties every field it reads (and the
 * request it writes) to the committed CRD schema, which is generated from the operator's API
 * classes: a renamed or removed field fails here, not on an on-call engineer's laptop.
 */
class CrdContractTest {
  private static JsonNode schema;
  private static CustomResourceDefinition crd;

  @BeforeAll
  static void loadCrd() throws IOException {
    KubernetesSerialization ser = new KubernetesSerialization();
    crd = ser.unmarshal(Files.readString(Fixtures.crdFile()), CustomResourceDefinition.class);
    schema =
        ser.convertValue(
            crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema(), JsonNode.class);
  }

  @Test
  void identityMatchesTheResourceDefinitionContext() {
    assertThat(crd.getSpec().getGroup()).isEqualTo(Api.COSTCREDENTIALS.getGroup());
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(Api.COSTCREDENTIALS.getPlural());
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo(Api.COSTCREDENTIALS.getKind());
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getVersions())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo(Api.COSTCREDENTIALS.getVersion());
              assertThat(v.getServed()).isTrue();
              assertThat(v.getSubresources().getStatus()).isNotNull();
            });
  }

  @Test
  void everyFieldThePluginReadsIsInTheSchema() {
    for (String path : CredentialView.READ_PATHS) {
      assertThat(property(path)).as(path).isNotNull();
    }
  }

  @Test
  void tokenHandlesHaveEveryFieldThePluginShows() {
    for (String handle :
        List.of(
            "status.currentToken",
            "status.pendingToken",
            "status.pendingRevocations.token",
            "status.lastEmergencyRotation.compromisedToken")) {
      for (String field : CredentialView.TOKEN_FIELDS) {
        assertThat(property(handle + "." + field)).as(handle + "." + field).isNotNull();
      }
    }
  }

  @Test
  void theRequestThePluginWritesFitsTheSchema() {
    JsonNode req = property("status.requestedRotation");
    assertThat(req.path("properties").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("id", "emergency", "reason", "requestedBy", "requestedAt");
    assertThat(property("status.requestedRotation.emergency").path("type").asText())
        .isEqualTo("boolean");
    assertThat(property("status.handledStatusRequest").path("type").asText()).isEqualTo("string");
  }

  /** The schema node of a dotted path; arrays are stepped through via {@code items}. */
  private static JsonNode property(String dotted) {
    JsonNode node = schema;
    for (String part : dotted.split("\\.")) {
      if ("array".equals(node.path("type").asText())) {
        node = node.path("items");
      }
      node = node.path("properties").get(part);
      if (node == null) {
        return null;
      }
    }
    return node;
  }
}
