package io.costcred.fakevantage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The project scans all output for token values: the fake must never write one anywhere. */
class NoTokenLeakTest {
  // Held strongly so JUL does not drop the level we set while the test runs.
  private static final Logger HTTP_SERVER_LOG = Logger.getLogger("com.sun.net.httpserver");

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final List<String> logLines = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Handler capture = new CapturingHandler();
  private PrintStream originalOut;
  private PrintStream originalErr;
  private Level originalLevel;

  @BeforeEach
  void captureEverything() {
    originalOut = System.out;
    originalErr = System.err;
    PrintStream sink = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(sink);
    System.setErr(sink);
    // Turn the JDK HTTP server's own logging all the way up, to catch anything it might print.
    originalLevel = HTTP_SERVER_LOG.getLevel();
    HTTP_SERVER_LOG.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void restore() {
    Logger.getLogger("").removeHandler(capture);
    HTTP_SERVER_LOG.setLevel(originalLevel);
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void noTokenValueReachesStdoutStderrOrLogs() throws Exception {
    List<String> secrets = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    try (FakeVantage fake = FakeVantage.builder().adminApi(true).hourlyBudget(5).start()) {
      URI base = fake.baseUrl();
      String live = fake.issueToken("live", Set.of("read"));
      String writer = fake.issueToken("ws_", "writer", Set.of("write"));
      String revoked = fake.issueToken("cr_", "revoked", Set.of("read"));
      String minted =
          (String)
              Http.json(Http.post(base, "/__admin/tokens", "{\"scopes\":[\"read\"]}")).get("token");
      String never = "vntg_tkn_" + "d".repeat(40);
      secrets.addAll(List.of(live, writer, revoked, minted, never));

      Http.get(fake, "/v2/me", live);
      Http.get(fake, "/v2/me", writer);
      Http.post(base, "/__admin/revoke", "{\"token\":\"" + revoked + "\"}");
      Http.get(fake, "/v2/me", revoked);
      Http.get(fake, "/v2/me", never);
      Http.send(base, "POST", "/v2/me", live, "{\"token\":\"" + live + "\"}");
      Http.post(base, "/__admin/revoke", "{\"token\":\"" + never + "\"}");
      Http.post(base, "/__admin/revoke", "{\"token\":\"" + live);
      Http.post(base, "/__admin/tokens", "{\"prefix\":\"" + never + "!\"}");
      fake.failNext(1, 503);
      fake.rateLimitNext(1);
      Http.get(fake, "/v2/me", live);
      Http.get(fake, "/v2/me", live);
      for (int i = 0; i < 6; i++) {
        Http.get(fake, "/v2/me", minted);
      }
      abandonDelayedRequest(fake, live);
      messages.add(thrown(() -> fake.revoke(never)));
      messages.add(thrown(() -> fake.isRevoked(never)));
      messages.add(thrown(() -> fake.issueToken(never + "!", "bad prefix", Set.of("read"))));
      messages.add(thrown(() -> fake.issueToken("x", Set.of(never))));
    }

    String everything = captured.toString(StandardCharsets.UTF_8) + String.join("\n", logLines);
    assertThat(logLines).as("JDK server logging was captured").isNotEmpty();
    for (int i = 0; i < secrets.size(); i++) {
      Http.assertNoSecret(everything, secrets.get(i), "stdout/stderr/logs (token #" + i + ")");
      Http.assertNoSecret(String.join("\n", messages), secrets.get(i), "exception messages");
    }
    assertThat(messages).allMatch(m -> !m.isEmpty());
  }

  // A client that gives up while the server is still delaying: the server then writes to a
  // closed connection, which is the most likely place for a JDK or handler error message.
  private static void abandonDelayedRequest(FakeVantage fake, String token) throws Exception {
    fake.delayNext(1, Duration.ofMillis(600));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v2/me"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofMillis(100))
            .build();
    try {
      Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.net.http.HttpTimeoutException expected) {
      // The point of the exercise.
    }
    Thread.sleep(900);
  }

  private static String thrown(Runnable action) {
    try {
      action.run();
      return "";
    } catch (RuntimeException e) {
      return String.valueOf(e);
    }
  }

  private final class CapturingHandler extends Handler {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public synchronized void publish(LogRecord record) {
      logLines.add(formatter.format(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
