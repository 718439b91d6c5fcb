package io.costcred.e2e;

import static io.costcred.e2e.support.Specs.k8sStore;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.e2e.support.CaptureServer;
import io.costcred.e2e.support.E2eEnv;
import io.costcred.e2e.support.Tenant;
import io.costcred.e2e.support.TenantWorld;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * (f) An emergency reason with a Slack mention, a link and a newline followed by a forged log line:
 * the webhook text escapes {@code <}, {@code >}, {@code &} and has no newline; the operator's log
 * shows the reason on one line.
 */
final class EscapingAttack {
  private final IsolationFixture f;
  private final TenantWorld w;
  private final Tenant mallory;

  EscapingAttack(IsolationFixture f, Tenant mallory) {
    this.f = f;
    this.w = f.world;
    this.mallory = mallory;
  }

  void run() {
    String marker = "forged-log-line-" + f.id;
    String forgedLine = "2026-01-01 00:00:00:000 [main] ERROR io.costcred.Forged - " + marker;
    String reason = "leak <!channel> <https://evil.example|click> & co\n" + forgedLine;
    String path = "/hook/" + UUID.randomUUID();
    w.leaks.add(path);
    w.secret(w.teamA, "f-hook-url", Map.of("url", E2eEnv.b64(w.capture.httpUrl() + path)));
    w.capture.answer(200, "ok");
    assertThat(
            f.tryVantageCr(
                "f-emerg",
                w.vantage.baseUrl().toString(),
                List.of(k8sStore("f-emerg-out")),
                "notification:\n  webhookUrlSecretRef: {name: f-hook-url, key: url}\n"))
        .isZero();
    w.awaitCr(
        w.teamA,
        "f-emerg",
        "f-emerg settled",
        TenantIsolationIT.SETTLE,
        TenantIsolationIT::settled);
    int code =
        w.tryAnnotate(
            mallory.client(),
            w.teamA,
            "f-emerg",
            mallory.username(),
            "costcred.io/emergency-rotation",
            reason);
    assertThat(code).as("emergency request: %s", w.lastRefusal).isZero();
    w.await(
        "webhook received the emergency",
        TenantIsolationIT.SETTLE,
        () -> w.capture.requests(path).stream().anyMatch(r -> r.body().contains(marker)));
    int hooks = assertWebhookEscaped(path, marker);
    assertLogAndEvents(marker, hooks);
  }

  private int assertWebhookEscaped(String path, String marker) {
    List<CaptureServer.Request> hooks = w.capture.requests(path);
    ObjectMapper json = new ObjectMapper();
    int checked = 0;
    for (CaptureServer.Request r : hooks) {
      String text;
      try {
        text = json.readTree(r.body()).path("text").asText();
      } catch (java.io.IOException e) {
        throw new AssertionError("webhook body is not JSON", e);
      }
      if (!text.contains(marker)) {
        continue;
      }
      checked++;
      TenantIsolationIT.LOG.info(
          "MEASURED (f) webhook text with the reason: contains '<!channel>' {}, '&lt;!channel&gt;'"
              + " {}, '<https://' {}, newline {}",
          text.contains("<!channel>"),
          text.contains("&lt;!channel&gt;"),
          text.contains("<https://"),
          text.contains("\n"));
      assertThat(text).doesNotContain("<!channel>").doesNotContain("<https://evil");
      assertThat(text).contains("&lt;!channel&gt;");
      assertThat(text).doesNotContain("\n").doesNotContain("\r");
    }
    assertThat(checked).as("webhook texts that carry the reason").isPositive();
    return hooks.size();
  }

  private void assertLogAndEvents(String marker, int hooks) {
    List<String> lines = w.operator().output().lines().filter(l -> l.contains(marker)).toList();
    long forgedStarts = lines.stream().filter(l -> l.startsWith("2026-01-01")).count();
    long eventsWithNewline =
        w.events(w.teamA, "f-emerg").stream()
            .filter(e -> e.getMessage() != null && e.getMessage().contains(marker))
            .filter(e -> e.getMessage().contains("\n"))
            .count();
    TenantIsolationIT.LOG.info(
        "MEASURED (f) log lines with the reason {}, of which start as a forged line {}; Events with"
            + " the reason and a newline {}; webhook requests {}",
        lines.size(),
        forgedStarts,
        eventsWithNewline,
        hooks);
    assertThat(lines).isNotEmpty();
    assertThat(forgedStarts).as("log lines forged by the reason").isZero();
    assertThat(lines).allSatisfy(l -> assertThat(l).contains("leak"));
    assertThat(eventsWithNewline).isZero();
  }
}
