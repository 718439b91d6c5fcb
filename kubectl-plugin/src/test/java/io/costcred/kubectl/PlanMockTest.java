package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code kubectl costcred plan}: what the next rotation would do, from spec and status. */
@EnableKubernetesMockClient(crud = true)
class PlanMockTest {
  static final String NS = "finops";
  static KubernetesClient client;

  @BeforeAll
  static void seed() {
    Fixtures.installCrd(client);
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("finfocus-vantage-pool")
                .endMetadata()
                .withStringData(Map.of("2026-02", "not-printed-1", "2026-03", "not-printed-2"))
                .build())
        .create();
  }

  private static void create(String name) {
    Fixtures.create(client, NS, name);
    Fixtures.richStatus(client, NS, name);
  }

  private static void patchSpec(String name, String mergePatch) {
    client
        .genericKubernetesResources(Api.COSTCREDENTIALS)
        .inNamespace(NS)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  private static JsonNode json(String name) throws Exception {
    var r = Cli.run(client, "plan", name, "-n", NS, "-o", "json");
    assertThat(r.code()).as(r.toString()).isZero();
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void planPrintsWhenSourceStoresRestartsRevocationsAndPolicy() {
    create("planned");
    var r = Cli.run(client, "plan", "planned", "-n", NS);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Plan for CostCredential finops/planned (nothing is changed)")
        .contains("Scheduled: at 2026-04-14T09:00:00Z (in 83d")
        .contains("pool Secret finfocus-vantage-pool: 2 usable token(s), 2 key(s) in the Secret")
        .contains("kubernetesSecret finops/finfocus-vantage")
        .contains("Deployment finfocus-vantage (declared): restarted")
        .contains("token 2025-10-01 (fingerprint 9f2c4e1ab37d5c08e6f1a2b3c4d5e6f7)")
        .contains("gracePeriod 24h after every restart target rolled out")
        .contains("RevocationRequired asks an admin")
        .contains("token 2025-07-01 (pending, Emergency): AwaitingManualRevocation")
        .contains("token 2025-04-01 (pending, Rotated): Scheduled, deadline 2026-01-11T09:02:05Z")
        .contains("Policy:")
        .doesNotContain("not-printed");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aSuspendedCredentialSaysSoAndAManualRequestIsStillPlanned() throws Exception {
    create("paused");
    patchSpec("paused", "{\"spec\":{\"suspend\":true}}");
    Fixtures.replaceStatus(client, NS, "paused", "{\"status\":{\"nextRotationTime\":null}}");
    JsonNode plan = json("paused");
    assertThat(plan.at("/when/state").asText()).isEqualTo("Suspended");
    assertThat(plan.at("/when/suspended").asBoolean()).isTrue();
    assertThat(plan.at("/when/message").asText()).contains("paused by spec.suspend");

    patchSpec(
        "paused", "{\"metadata\":{\"annotations\":{\"" + Annotations.ROTATE + "\":\"now\"}}}");
    plan = json("paused");
    assertThat(plan.at("/when/state").asText()).isEqualTo("ManualRequested");
    assertThat(plan.at("/when/message").asText()).contains("honoured while suspended");
  }

  @Test
  void anEmergencyAnnotationNotHandledYetIsPlannedFirst() throws Exception {
    create("leaked");
    patchSpec(
        "leaked",
        "{\"metadata\":{\"annotations\":{\"" + Annotations.EMERGENCY + "\":\"ci-log\"}}}");
    assertThat(json("leaked").at("/when/state").asText()).isEqualTo("EmergencyRequested");
    Fixtures.replaceStatus(
        client, NS, "leaked", "{\"status\":{\"handledEmergencyRequest\":\"ci-log\"}}");
    assertThat(json("leaked").at("/when/state").asText()).isEqualTo("Scheduled");
  }

  @Test
  void aPolicyViolationIsTheVerdictAndYamlIsSupported() throws Exception {
    create("refused");
    Fixtures.replaceStatus(
        client,
        NS,
        "refused",
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\","
            + "\"reason\":\"PolicyViolation\",\"message\":\"rotation interval PT2160H exceeds"
            + " the policy's maxInterval 720h (ClusterRotationPolicy prod)\","
            + "\"lastTransitionTime\":\"2026-01-20T09:00:00Z\"}]}}");
    JsonNode plan = json("refused");
    assertThat(plan.at("/policy/verdict").asText()).isEqualTo("denied");
    assertThat(plan.at("/policy/message").asText()).contains("ClusterRotationPolicy prod");
    var yaml = Cli.run(client, "plan", "refused", "-n", NS, "-o", "yaml");
    assertThat(yaml.code()).as(yaml.toString()).isZero();
    assertThat(yaml.out()).contains("verdict: \"denied\"", "tokenSource:", "restartTargets:");
  }

  @Test
  void aMissingCredentialIsAnApiError() {
    var r = Cli.run(client, "plan", "nope", "-n", NS);
    assertThat(r.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(r.err()).contains("costcredential \"nope\" not found");
  }

  @Test
  void everyFieldThePlanReadsIsInTheSchema() throws Exception {
    KubernetesSerialization ser = new KubernetesSerialization();
    var crd =
        ser.unmarshal(
            Files.readString(Fixtures.crdFile()),
            io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class);
    JsonNode schema =
        ser.convertValue(
            crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema(), JsonNode.class);
    for (String path : PlanReport.READ_PATHS) {
      JsonNode n = schema;
      for (String part : path.split("\\.")) {
        n = n.path("items").isObject() ? n.path("items") : n;
        n = n.path("properties").path(part);
      }
      assertThat(n.isMissingNode()).as(path).isFalse();
    }
  }
}
