package io.costcred.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialSpec;
import io.costcred.operator.api.v1alpha1.NotificationEvent;
import io.costcred.operator.api.v1alpha1.NotificationFormat;
import io.costcred.operator.api.v1alpha1.NotificationSpec;
import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.costcred.operator.connection.EgressPolicy;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which webhooks a credential's events reach: its own (egress-checked) and admin routes. */
class RouterTest {
  static final String OPERATOR_NS = "costcred-system";
  final Map<String, String> secrets = new HashMap<>(); // "namespace/name" -> URL
  final Map<String, Map<String, String>> nsLabels =
      Map.of("team-a", Map.of("team", "a"), "team-b", Map.of("team", "b"));
  final NotifyStats stats = new NotifyStats();

  Router router(String yaml) {
    SecretValues values = (ns, ref) -> Optional.ofNullable(secrets.get(ns + "/" + ref.getName()));
    return new Router(
        values,
        EgressPolicy.of(List.of("https://hooks.slack.com")),
        ns -> nsLabels.getOrDefault(ns, Map.of()),
        NotificationsConfig.parse(yaml),
        OPERATOR_NS,
        stats);
  }

  static CostCredential cr(String ns, Map<String, String> labels, NotificationSpec n) {
    CostCredential cr = new CostCredential();
    cr.setMetadata(
        new ObjectMetaBuilder().withNamespace(ns).withName("c").withLabels(labels).build());
    cr.setSpec(new CostCredentialSpec());
    cr.getSpec().setNotification(n);
    return cr;
  }

  static NotificationSpec own(String secret, NotificationFormat f, NotificationEvent... events) {
    NotificationSpec n = new NotificationSpec();
    n.setWebhookUrlSecretRef(new SecretKeyRef(secret, "url"));
    n.setFormat(f);
    n.setEvents(List.of(events));
    return n;
  }

  static final String ROUTES =
      """
      routes:
        - name: team-a
          namespaceSelector: {team: a}
          format: Teams
          webhookUrlSecretRef: {name: team-a-teams}
        - name: prod-failures
          credentialSelector: {tier: prod}
          events: [RotationFailed]
          format: Generic
          webhookUrlSecretRef: {name: pager}
        - name: team-b-by-name
          namespaces: [team-b]
          webhookUrlSecretRef: {name: team-b-slack}
      """;

  @Test
  void adminRoutesSelectByNamespaceLabelsNamesAndCredentialLabels() {
    secrets.put(OPERATOR_NS + "/team-a-teams", "https://a.example/teams");
    secrets.put(OPERATOR_NS + "/pager", "https://pager.example/hook");
    secrets.put(OPERATOR_NS + "/team-b-slack", "https://b.example/slack");
    Router r = router(ROUTES);

    var a = r.route(cr("team-a", Map.of("tier", "prod"), null), NotificationEvent.RotationFailed);
    assertThat(a)
        .extracting(Router.Delivery::route)
        .containsExactly("route team-a", "route prod-failures");
    assertThat(a)
        .extracting(Router.Delivery::format)
        .containsExactly(NotificationFormat.Teams, NotificationFormat.Generic);

    var aRevocation =
        r.route(cr("team-a", Map.of("tier", "prod"), null), NotificationEvent.RevocationRequired);
    assertThat(aRevocation).extracting(Router.Delivery::route).containsExactly("route team-a");

    var b = r.route(cr("team-b", Map.of(), null), NotificationEvent.RotationFailed);
    assertThat(b).extracting(Router.Delivery::route).containsExactly("route team-b-by-name");

    var other = r.route(cr("team-c", Map.of(), null), NotificationEvent.RotationFailed);
    assertThat(other).isEmpty();
  }

  @Test
  void theTenantsOwnWebhookIsEgressCheckedAndFilteredByItsEvents() {
    secrets.put("team-a/hook", "https://hooks.slack.com/services/T/B/secretpath");
    secrets.put("team-a/evil", "https://collector.evil.example/x");
    Router r = router("");
    var spec = own("hook", null, NotificationEvent.RevocationRequired);
    assertThat(r.route(cr("team-a", Map.of(), spec), NotificationEvent.RevocationRequired))
        .singleElement()
        .satisfies(d -> assertThat(d.format()).isEqualTo(NotificationFormat.Slack))
        .satisfies(d -> assertThat(d.url().toString()).doesNotContain("secretpath"));
    assertThat(r.route(cr("team-a", Map.of(), spec), NotificationEvent.RotationFailed))
        .as("not subscribed")
        .isEmpty();

    var evil = own("evil", NotificationFormat.Generic);
    assertThat(r.route(cr("team-a", Map.of(), evil), NotificationEvent.RotationFailed))
        .as("off the egress allow-list")
        .isEmpty();
    assertThat(stats.refused()).isOne();
  }

  @Test
  void defaultEventsAreFailuresRevocationsAndEmergencies() {
    secrets.put("team-a/hook", "https://hooks.slack.com/services/T/B/x");
    Router r = router("");
    var spec = own("hook", NotificationFormat.Slack);
    for (NotificationEvent e : NotificationEvent.values()) {
      boolean sent = !r.route(cr("team-a", Map.of(), spec), e).isEmpty();
      assertThat(sent).as(e.name()).isEqualTo(e != NotificationEvent.RevocationHeld);
    }
  }

  @Test
  void aTenantSecretIsReadOnlyFromItsOwnNamespaceAndAdminSecretsOnlyFromTheOperators() {
    // team-b names a Secret that exists only in team-a and in the operator's namespace.
    secrets.put("team-a/shared", "https://hooks.slack.com/services/A");
    secrets.put(OPERATOR_NS + "/shared", "https://hooks.slack.com/services/ADMIN");
    Router r = router("");
    var spec = own("shared", NotificationFormat.Slack);
    assertThat(r.route(cr("team-b", Map.of(), spec), NotificationEvent.RotationFailed)).isEmpty();
    assertThat(stats.refused()).isOne();
  }

  @Test
  void oneWebhookGetsOneCopyWhenATenantAndAnAdminRouteNameIt() {
    secrets.put("team-a/hook", "https://hooks.slack.com/services/same");
    secrets.put(OPERATOR_NS + "/same", "https://hooks.slack.com/services/same");
    Router r =
        router(
            """
            routes:
              - name: all
                webhookUrlSecretRef: {name: same}
            """);
    var spec = own("hook", NotificationFormat.Slack);
    assertThat(r.route(cr("team-a", Map.of(), spec), NotificationEvent.RotationFailed)).hasSize(1);
  }
}
