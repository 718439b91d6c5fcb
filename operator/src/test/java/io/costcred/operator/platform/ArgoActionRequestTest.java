package io.costcred.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.rotation.Decider;
import io.costcred.operator.rotation.Schedule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the ArgoCD actions write is a request the operator takes: for every object an action returns
 * in deploy/argocd/actions_test.yaml, the operator's Decider starts the rotation the action names,
 * with the annotation value as the reason and no requester, where the object before the action
 * started nothing.
 */
class ArgoActionRequestTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Instant NOW = Instant.parse("2026-05-21T10:00:00Z");
  private static final Schedule SCHEDULE = new Schedule(Duration.ofDays(90), List.of());

  static Stream<Arguments> actionResults() throws IOException {
    JsonNode tests = YAML.readTree(ArgoLuaTest.DIR.resolve("actions_test.yaml").toFile());
    Stream.Builder<Arguments> out = Stream.builder();
    for (JsonNode t : tests.get("actionTests")) {
      if (t.has("expectedOutputPath")) {
        out.add(
            Arguments.of(
                t.get("action").asText(),
                t.get("inputPath").asText(),
                t.get("expectedOutputPath").asText()));
      }
    }
    return out.build();
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("actionResults")
  void theOperatorTakesTheRequest(String action, String input, String output) throws IOException {
    CostCredential before = read(input);
    assertThat(decide(before)).as("before the action").isEmpty();

    CostCredential after = read(output);
    Map<String, String> a = after.getMetadata().getAnnotations();
    boolean emergency = action.equals("emergency-rotate");
    String key = emergency ? Annotations.EMERGENCY : Annotations.ROTATE;
    Decider.Decision d = decide(after).orElseThrow();
    assertThat(d.trigger())
        .isEqualTo(emergency ? RotationTrigger.Emergency : RotationTrigger.Manual);
    assertThat(d.reason()).isEqualTo(a.get(key)).startsWith("argocd 2026-05-21T10:00:00Z");
    assertThat(d.requestedBy()).as("ArgoCD's identity is not known to the script").isNull();
    assertThat(a).doesNotContainKey(Annotations.REQUESTED_BY);
  }

  /** Every fixture an action is tested on has a status with a current token. */
  private static Optional<Decider.Decision> decide(CostCredential cr) {
    return Decider.decide(cr.getStatus(), cr.getMetadata().getAnnotations(), NOW, SCHEDULE, false);
  }

  private static CostCredential read(String path) throws IOException {
    return YAML.readValue(ArgoLuaTest.DIR.resolve(path).toFile(), CostCredential.class);
  }
}
