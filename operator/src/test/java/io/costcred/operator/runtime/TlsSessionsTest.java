package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TlsSessionsTest {
  @AfterEach
  void clear() {
    System.clearProperty(TlsSessions.PROPERTY);
  }

  private static int clientCacheSize() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, null, null);
    return ctx.getClientSessionContext().getSessionCacheSize();
  }

  @Test
  void aContextCreatedAfterTheCapKeepsAtMostTheCap() throws Exception {
    System.clearProperty(TlsSessions.PROPERTY);
    assertThat(clientCacheSize()).as("the JDK's default").isEqualTo(20_480);

    assertThat(TlsSessions.cap()).isEqualTo("128");

    assertThat(clientCacheSize()).isEqualTo(TlsSessions.CAP);
  }

  @Test
  void aSizeGivenOnTheCommandLineWins() throws Exception {
    System.setProperty(TlsSessions.PROPERTY, "7");

    assertThat(TlsSessions.cap()).isEqualTo("7");

    assertThat(clientCacheSize()).isEqualTo(7);
  }
}
