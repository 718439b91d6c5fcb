package io.costcred.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.NotificationEvent;
import io.costcred.operator.api.v1alpha1.NotificationFormat;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The admin file: defaults, every field, and typos that stop the operator at start. */
class NotificationsConfigTest {
  @Test
  void blankMeansDefaults() {
    NotificationsConfig c = NotificationsConfig.parse("");
    assertThat(c.routes).isEmpty();
    assertThat(c.renotify()).isEqualTo(Duration.ofHours(6));
    assertThat(c.failureThreshold).isEqualTo(3);
    assertThat(NotificationsConfig.load("").queueCapacity).isEqualTo(100);
  }

  @Test
  void everyField() {
    NotificationsConfig c =
        NotificationsConfig.parse(
            """
            renotifyInterval: 30m
            failureThreshold: 5
            queueCapacity: 20
            maxAttempts: 3
            routes:
              - name: a
                namespaces: [x]
                namespaceSelector: {team: a}
                credentialSelector: {tier: prod}
                format: Generic
                events: [RotationFailed, RevocationHeld]
                webhookUrlSecretRef: {name: s, key: k}
            """);
    assertThat(c.renotify()).isEqualTo(Duration.ofMinutes(30));
    var r = c.routes.get(0);
    assertThat(r.format).isEqualTo(NotificationFormat.Generic);
    assertThat(r.wants(NotificationEvent.RevocationHeld)).isTrue();
    assertThat(r.wants(NotificationEvent.EmergencyStarted)).isFalse();
    assertThat(r.webhookUrlSecretRef.getKey()).isEqualTo("k");
  }

  @Test
  void mistakesAreRefusedWithTheirField() {
    assertThatThrownBy(() -> NotificationsConfig.parse("routes: [{name: a, webhookUrl: x}]"))
        .hasMessageContaining("webhookUrl");
    assertThatThrownBy(() -> NotificationsConfig.parse("routes: [{name: a}]"))
        .hasMessageContaining("webhookUrlSecretRef");
    assertThatThrownBy(
            () ->
                NotificationsConfig.parse(
                    "routes: [{name: a, webhookUrlSecretRef: {name: s}},"
                        + " {name: a, webhookUrlSecretRef: {name: t}}]"))
        .hasMessageContaining("unique");
    assertThatThrownBy(
            () ->
                NotificationsConfig.parse(
                    "routes: [{name: a, format: slack, webhookUrlSecretRef: {name: s}}]"))
        .hasMessageContaining("slack");
    assertThatThrownBy(() -> NotificationsConfig.parse("renotifyInterval: 10s"))
        .hasMessageContaining("renotifyInterval");
    assertThatThrownBy(() -> NotificationsConfig.load("/nonexistent/notifications.yaml"))
        .hasMessageContaining("cannot read");
  }
}
