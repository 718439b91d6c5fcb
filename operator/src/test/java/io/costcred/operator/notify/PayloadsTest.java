package io.costcred.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.operator.api.v1alpha1.NotificationEvent;
import io.costcred.operator.api.v1alpha1.NotificationFormat;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each format renders the same notification as its golden file (src/test/resources/notify). */
class PayloadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Notification failed() {
    return new Notification(
        NotificationEvent.RotationFailed,
        "team-a",
        "vantage",
        "uid-1",
        Map.of("tier", "prod"),
        "ProviderUnavailable",
        "GET /v2/me answered 503 <!channel> [x](https://evil.example) @here",
        "uid-1-r4",
        3,
        Instant.parse("2026-12-03T10:00:00Z"));
  }

  @ParameterizedTest
  @EnumSource(NotificationFormat.class)
  void matchesTheGoldenFile(NotificationFormat format) throws IOException {
    JsonNode actual = JSON.readTree(Payloads.render(format, failed()));
    String file = "/notify/" + format.name().toLowerCase(java.util.Locale.ROOT) + ".json";
    try (InputStream in = PayloadsTest.class.getResourceAsStream(file)) {
      assertThat(in).as(file).isNotNull();
      assertThat(actual).isEqualTo(JSON.readTree(in));
    }
  }

  @Test
  void slackAndTeamsTextIsInertTheGenericBodyIsPlain() throws IOException {
    String slack = Payloads.render(NotificationFormat.Slack, failed());
    String teams = Payloads.render(NotificationFormat.Teams, failed());
    for (String body : new String[] {slack, teams}) {
      assertThat(body).doesNotContain("<!channel>", "](", " @here");
    }
    JsonNode generic = JSON.readTree(Payloads.render(NotificationFormat.Generic, failed()));
    assertThat(generic.get("apiVersion").asText()).isEqualTo(Payloads.GENERIC_VERSION);
    assertThat(generic.get("message").asText()).contains("<!channel>"); // data, not markup
    assertThat(generic.has("labels")).as("labels route, they are not sent").isFalse();
  }

  @Test
  void everyEventHasATitleAndASeverity() {
    for (NotificationEvent e : NotificationEvent.values()) {
      Notification n =
          new Notification(e, "ns", "c", "u", null, null, "m", null, null, Instant.EPOCH);
      assertThat(n.title()).isNotBlank();
      assertThat(n.severity()).isIn("critical", "warning", "info");
    }
  }

  @Test
  void messagesAreOneBoundedLine() {
    Notification n =
        new Notification(
            NotificationEvent.RotationFailed,
            "ns",
            "c",
            "u",
            null,
            "R",
            "a\nb" + "x".repeat(5000),
            null,
            null,
            Instant.EPOCH);
    assertThat(n.message()).hasSize(Notification.MESSAGE_LIMIT).doesNotContain("\n");
  }
}
