package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdkNetDefaultsTest {
  private static final List<String> PROPERTIES =
      List.of(
          JdkNetDefaults.TLS_SESSIONS,
          JdkNetDefaults.WEBSOCKET_WRITE,
          JdkNetDefaults.WEBSOCKET_INTERMEDIATE);

  @BeforeEach
  @AfterEach
  void clear() {
    PROPERTIES.forEach(System::clearProperty);
  }

  private static int clientCacheSize() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, null, null);
    return ctx.getClientSessionContext().getSessionCacheSize();
  }

  @Test
  void everyDefaultIsSetWhenTheJvmWasGivenNone() throws Exception {
    assertThat(clientCacheSize()).as("the JDK's default").isEqualTo(20_480);

    Map<String, String> applied = JdkNetDefaults.apply();

    assertThat(applied)
        .containsExactly(
            Map.entry(JdkNetDefaults.TLS_SESSIONS, "128"),
            Map.entry(JdkNetDefaults.WEBSOCKET_WRITE, "1024"),
            Map.entry(JdkNetDefaults.WEBSOCKET_INTERMEDIATE, "1024"));
    assertThat(System.getProperty(JdkNetDefaults.WEBSOCKET_WRITE)).isEqualTo("1024");
    assertThat(System.getProperty(JdkNetDefaults.WEBSOCKET_INTERMEDIATE)).isEqualTo("1024");
    assertThat(clientCacheSize()).isEqualTo(JdkNetDefaults.TLS_SESSIONS_CAP);
  }

  @Test
  void aValueGivenOnTheCommandLineWins() throws Exception {
    System.setProperty(JdkNetDefaults.TLS_SESSIONS, "7");
    System.setProperty(JdkNetDefaults.WEBSOCKET_WRITE, "65536");

    Map<String, String> applied = JdkNetDefaults.apply();

    assertThat(applied)
        .containsEntry(JdkNetDefaults.TLS_SESSIONS, "7")
        .containsEntry(JdkNetDefaults.WEBSOCKET_WRITE, "65536")
        .containsEntry(JdkNetDefaults.WEBSOCKET_INTERMEDIATE, "1024");
    assertThat(System.getProperty(JdkNetDefaults.WEBSOCKET_WRITE)).isEqualTo("65536");
    assertThat(clientCacheSize()).isEqualTo(7);
  }

  /**
   * The small buffers limit nothing: a message many times their size goes out in pieces and comes
   * back whole, text (multi-byte characters, which the intermediate buffer encodes) and binary, and
   * a close frame with the longest reason allowed arrives as sent.
   */
  @Test
  void aWebSocketWithTheSmallBuffersStillCarriesLargeMessagesBothWays() throws Exception {
    JdkNetDefaults.apply();
    BlockingQueue<Object> atServer = new LinkedBlockingQueue<>();
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getLoopbackAddress(), 0);
      server.enqueue(new MockResponse().withWebSocketUpgrade(new Echo(atServer)));
      Received received = new Received();
      WebSocket ws =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + "/echo"), received)
              .get(10, TimeUnit.SECONDS);

      // Under the server's 64 KiB frame limit, 60 times the buffers' size.
      String text = "grüße, 東京 ".repeat(3_500); // 59.5 KB in UTF-8
      byte[] binary = new byte[60_000];
      for (int i = 0; i < binary.length; i++) {
        binary[i] = (byte) (i * 31);
      }
      ws.sendText(text, true).get(10, TimeUnit.SECONDS);
      ws.sendBinary(ByteBuffer.wrap(binary), true).get(10, TimeUnit.SECONDS);
      String reason = "r".repeat(123);
      assertThat(received.messages.poll(10, TimeUnit.SECONDS)).isEqualTo(text);
      assertThat((byte[]) received.messages.poll(10, TimeUnit.SECONDS)).isEqualTo(binary);
      ws.sendClose(4000, reason).get(10, TimeUnit.SECONDS);

      assertThat(atServer.poll(10, TimeUnit.SECONDS)).isEqualTo(text);
      assertThat((byte[]) atServer.poll(10, TimeUnit.SECONDS)).isEqualTo(binary);
      assertThat(atServer.poll(10, TimeUnit.SECONDS)).isEqualTo("close 4000 " + reason);
    }
  }

  /** The server side: sends every message back, and records what it received. */
  private static final class Echo extends WebSocketListener {
    private final BlockingQueue<Object> seen;

    Echo(BlockingQueue<Object> seen) {
      this.seen = seen;
    }

    @Override
    public void onMessage(io.fabric8.mockwebserver.http.WebSocket ws, String text) {
      seen.add(text);
      ws.send(text);
    }

    @Override
    public void onMessage(io.fabric8.mockwebserver.http.WebSocket ws, byte[] bytes) {
      seen.add(bytes);
      ws.send(bytes);
    }

    @Override
    public void onClosing(io.fabric8.mockwebserver.http.WebSocket ws, int code, String reason) {
      seen.add("close " + code + " " + reason);
      ws.close(code, reason);
    }
  }

  /** The client side: joins each message's parts. */
  private static final class Received implements WebSocket.Listener {
    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] part = new byte[data.remaining()];
      data.get(part);
      binary.writeBytes(part);
      if (last) {
        messages.add(binary.toByteArray());
        binary.reset();
      }
      ws.request(1);
      return CompletableFuture.completedFuture(null);
    }
  }
}
