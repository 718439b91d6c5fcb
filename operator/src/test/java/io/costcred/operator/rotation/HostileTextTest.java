package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.NotificationSpec;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.costcred.operator.reconciler.KubeEventSink;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.runtime.WebhookNotifierAccess;
import io.costcred.operator.testing.Harness;
import io.costcred.testsupport.LeakScan;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a user writes (the emergency reason, who asked) reaches logs, Events, status and the
 * Slack/Teams webhook as one inert line: no forged log line, no mention, no disguised link.
 */
@EnableKubernetesMockClient(crud = true)
class HostileTextTest {
  static KubernetesClient client;
  private Harness h;
  private Scenario s;

  @BeforeEach
  void setUp() throws Exception {
    h = new Harness(client, "hostile-" + System.nanoTime(), PatchMode.JSON_MERGE);
    s = new Scenario(h);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void aReasonWithANewlineReachesTheLogEventsAndStatusAsOneLine() throws Exception {
    String marker = "m" + System.nanoTime();
    String forged = "2026-01-01 INFO forged " + marker;
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    h.annotate(Scenario.NAME, Annotations.REQUESTED_BY, "mallory\r\n2026-01-01 INFO admin");
    h.annotate(Scenario.NAME, Annotations.EMERGENCY, "x\n" + forged + "\u202Egnp.exe");
    engine.reconcile(s.cr());

    List<String> lines = LeakScan.log().lines().filter(l -> l.contains(marker)).toList();
    assertThat(lines).as("log lines naming the reason").isNotEmpty();
    assertThat(lines)
        .allMatch(l -> l.contains("x " + forged + "gnp.exe"), "reason kept on the line")
        .noneMatch(l -> l.startsWith("2026-01-01"), "forged line");
    assertThat(LeakScan.log()).doesNotContain("\n2026-01-01 INFO admin");

    var started = h.events.events.stream().filter(e -> e.message().contains(marker)).toList();
    assertThat(started).isNotEmpty();
    assertThat(started)
        .allMatch(e -> e.message().contains("x " + forged))
        .noneMatch(e -> e.message().matches("(?s).*[\\r\\n\\u202E].*"));

    CostCredentialStatus st = s.cr().getStatus();
    assertThat(st.getLastEmergencyRotation().getReason()).isEqualTo("x " + forged + "gnp.exe");
    assertThat(st.getLastEmergencyRotation().getRequestedBy())
        .isEqualTo("mallory  2026-01-01 INFO admin");
    assertThat(st.getHandledEmergencyRequest()).doesNotContain("\n");
    assertThat(Conditions.get(st, Reasons.EMERGENCY_ROTATION).orElseThrow().getMessage())
        .doesNotContain("\n");

    engine.reconcile(s.cr()); // the same annotation value is not a new request
    assertThat(s.cr().getStatus().getRevision()).isEqualTo(st.getRevision());
    assertThat(s.cr().getStatus().getRotation().getId()).isEqualTo(st.getRotation().getId());
  }

  @Test
  void eventsWrittenToKubernetesAreOneLine() {
    var sink = new KubeEventSink(h.client, Clock.systemUTC(), "test");
    CostCredential cr = s.cr();
    sink.warning(cr, "EmergencyRotationStarted", "reason: x\n2026-01-01 INFO forged\u001b[2J");
    List<Event> events = h.client.v1().events().inNamespace(h.namespace).list().getItems();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getMessage()).isEqualTo("reason: x 2026-01-01 INFO forged[2J");
  }

  @Test
  void webhookTextArrivesEscapedOnOneLine() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        ex -> {
          received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
    try {
      h.client
          .secrets()
          .inNamespace(h.namespace)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("oncall-webhook")
                  .endMetadata()
                  .addToData(
                      "url",
                      Harness.b64("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"))
                  .build())
          .create();
      h.client
          .resources(CostCredential.class)
          .inNamespace(h.namespace)
          .withName(Scenario.NAME)
          .edit(
              c -> {
                var n = new NotificationSpec();
                n.setWebhookUrlSecretRef(new SecretKeyRef("oncall-webhook", "url"));
                c.getSpec().setNotification(n);
                return c;
              });
      RotationEngine engine =
          h.engine(StepHook.NONE, new WebhookNotifierAccess(h.client).observer());
      s.settle(engine);
      h.annotate(
          Scenario.NAME,
          Annotations.EMERGENCY,
          "<!channel> pay\n[click](https://evil.example) <https://evil|x> @here <@U123> a&b"
              + " oncall@example.com");
      engine.reconcile(s.cr());
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());

      String text = new ObjectMapper().readTree(received.get(0)).get("text").asText();
      assertThat(text)
          .contains(
              "&lt;!channel&gt; pay [click] (https://evil.example) &lt;https://evil|x&gt;",
              "\uFF20here &lt;\uFF20U123&gt; a&amp;b oncall@example.com")
          .doesNotContain("<", ">", "](", " @here", "\n", "\r");
      LeakScan.assertNoSecrets("webhook", received, List.of(s.first, s.second, s.third));
    } finally {
      server.stop(0);
    }
  }
}
