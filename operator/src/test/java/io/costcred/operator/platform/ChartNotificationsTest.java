package io.costcred.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.NotificationEvent;
import io.costcred.operator.api.v1alpha1.NotificationFormat;
import io.costcred.operator.notify.NotificationsConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** notifications.* values become a file the operator accepts, mounted and read by name only. */
class ChartNotificationsTest {
  static final Map<String, Object> ROUTES =
      RenderedChart.values(
          "notifications.routes[0].name", "team-a",
          "notifications.routes[0].namespaceSelector.team", "a",
          "notifications.routes[0].format", "Teams",
          "notifications.routes[0].events[0]", "RotationFailed",
          "notifications.routes[0].events[1]", "RevocationRequired",
          "notifications.routes[0].webhookUrlSecretRef.name", "team-a-teams",
          "notifications.routes[1].name", "everything",
          "notifications.routes[1].webhookUrlSecretRef.name", "platform-slack",
          "notifications.routes[1].webhookUrlSecretRef.key", "webhook",
          "notifications.renotifyInterval", "2h");

  @Test
  void routesRenderAFileTheOperatorParsesMountedWithItsFlag() {
    RenderedChart chart = RenderedChart.render(ROUTES);
    ConfigMap cm =
        chart.all(ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().endsWith("-notifications"))
            .findFirst()
            .orElseThrow();
    NotificationsConfig config = NotificationsConfig.parse(cm.getData().get("notifications.yaml"));
    assertThat(config.renotify()).isEqualTo(Duration.ofHours(2));
    assertThat(config.routes).hasSize(2);
    var teamA = config.routes.get(0);
    assertThat(teamA.format).isEqualTo(NotificationFormat.Teams);
    assertThat(teamA.namespaceSelector).containsEntry("team", "a");
    assertThat(teamA.events)
        .containsExactly(NotificationEvent.RotationFailed, NotificationEvent.RevocationRequired);
    assertThat(config.routes.get(1).webhookUrlSecretRef.getKey()).isEqualTo("webhook");

    var pod = chart.one(Deployment.class).getSpec().getTemplate();
    var c = pod.getSpec().getContainers().get(0);
    assertThat(c.getArgs()).contains("--notifications-config=/etc/costcred/notifications.yaml");
    assertThat(c.getVolumeMounts())
        .anyMatch(m -> m.getMountPath().equals("/etc/costcred") && m.getReadOnly());
    assertThat(pod.getSpec().getVolumes())
        .anyMatch(
            v ->
                v.getConfigMap() != null
                    && v.getConfigMap().getName().equals(cm.getMetadata().getName()));
    assertThat(pod.getMetadata().getAnnotations()).containsKey("checksum/notifications");

    Role role =
        chart.all(Role.class).stream()
            .filter(r -> r.getMetadata().getName().endsWith("-notifications"))
            .findFirst()
            .orElseThrow();
    assertThat(role.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            r -> assertThat(r.getResourceNames()).containsExactly("team-a-teams", "platform-slack"))
        .satisfies(r -> assertThat(r.getVerbs()).containsExactly("get"));
  }

  @Test
  void withoutRoutesNothingIsRenderedOrMounted() {
    RenderedChart chart = RenderedChart.render(Map.of());
    assertThat(chart.all(ConfigMap.class))
        .noneMatch(c -> c.getMetadata().getName().endsWith("-notifications"));
    var c = chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs()).noneMatch(a -> a.startsWith("--notifications-config"));
  }

  @Test
  void theSchemaRefusesAnUnknownFormatOrARouteWithoutSecret() {
    assertThatThrownBy(
            () ->
                RenderedChart.render(
                    RenderedChart.values(
                        "notifications.routes[0].name", "a",
                        "notifications.routes[0].format", "slack",
                        "notifications.routes[0].webhookUrlSecretRef.name", "s")))
        .hasMessageContaining("format");
    assertThatThrownBy(
            () -> RenderedChart.render(RenderedChart.values("notifications.routes[0].name", "a")))
        .hasMessageContaining("webhookUrlSecretRef");
  }
}
