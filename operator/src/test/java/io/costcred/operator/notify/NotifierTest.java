package io.costcred.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.LastFailure;
import io.costcred.operator.api.v1alpha1.NotificationFormat;
import io.costcred.operator.connection.EgressPolicy;
import io.costcred.testsupport.MutableClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Status writes and emergency progress become posts to the credential's own webhook. */
class NotifierTest {
  @Test
  void everyStoredStatusIsSeenAndEmergenciesAreSentAsTheyHappen() throws Exception {
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
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    NotifyStats stats = new NotifyStats();
    NotificationsConfig config = NotificationsConfig.defaults();
    Router router =
        new Router(
            (ns, ref) -> Optional.of(url),
            EgressPolicy.of(List.of("http://127.0.0.1:*")),
            ns -> Map.of(),
            config,
            "costcred-system",
            stats);
    try (Sender sender = new Sender(new OkHttpClient(), Sender.Settings.of(10, 2), stats)) {
      Notifier notifier = new Notifier(config, router, sender, clock);
      CostCredential cr =
          RouterTest.cr("team-a", Map.of(), RouterTest.own("hook", NotificationFormat.Generic));
      cr.getMetadata().setUid("u1");
      cr.setStatus(new CostCredentialStatus());
      LastFailure f = new LastFailure();
      f.setReason("SecretNotFound");
      f.setMessage("Secret pool not found");
      f.setAttempts(1);
      f.setTime("2026-12-03T10:00:00Z");
      f.setRetryAt("2026-12-03T10:10:00Z");
      cr.getStatus().setLastFailure(f);
      notifier.observed(cr);
      notifier.observed(cr); // the same failure observed again: nothing new
      notifier.emergency(cr, "started", "emergency rotation requested: leaked");
      notifier.emergency(cr, "unknown-stage", "ignored");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
      Thread.sleep(300);
      assertThat(received).hasSize(2);
      assertThat(String.join("\n", received))
          .contains("\"event\":\"RotationFailed\"", "\"event\":\"EmergencyStarted\"", "leaked");
      assertThat(stats.sent()).isEqualTo(2);
    } finally {
      server.stop(0);
    }
  }
}
