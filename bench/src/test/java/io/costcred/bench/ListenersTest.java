package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenersTest {
  @Test
  void decodesProcNetAddresses() {
    assertThat(Listeners.address("0100007F:2382")).isEqualTo("127.0.0.1:9090");
    assertThat(Listeners.address("00000000:2382")).isEqualTo("0.0.0.0:9090");
    assertThat(Listeners.address("00000000000000000000000001000000:1F90")).isEqualTo("[::1]:8080");
    assertThat(Listeners.address("0000000000000000FFFF00000100007F:1F90"))
        .isEqualTo("127.0.0.1:8080");
    assertThat(Listeners.address("00000000000000000000000000000000:1F90"))
        .isEqualTo("[00000000000000000000000000000000]:8080");
  }

  @Test
  void onlyLoopbackPasses() {
    assertThat(Listeners.notLoopback(List.of("127.0.0.1:1", "[::1]:2", "0.0.0.0:3", "[0000]:4")))
        .containsExactly("0.0.0.0:3", "[0000]:4");
  }

  @Test
  void findsThisProcessListeningSocket() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      List<String> mine = Listeners.of(ProcessHandle.current().pid());

      assertThat(mine).contains("127.0.0.1:" + s.getLocalPort());
    }
  }
}
