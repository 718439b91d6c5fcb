package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.testsupport.LeakScan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At level trace (the chart's {@code logLevel}) the operator's own loggers trace, but no HTTP
 * client logs what it sends or receives: the real Main class pins them in a child JVM, which then
 * makes real AWS SDK and fabric8 requests carrying secrets. The child reads the operator's own
 * logback.xml (not the tests' file appender), or a config that turns a wire log on explicitly.
 */
class QuietTransportsTest {
  static final List<String> PINNED =
      List.of(
          "org.apache.hc.client5.http.wire",
          "org.apache.hc.client5.http.headers",
          "org.apache.http.wire",
          "org.apache.http.headers",
          "software.amazon.awssdk.request",
          "software.amazon.awssdk.http.auth.aws.internal.signer.AwsV4HttpSigner",
          "io.fabric8.kubernetes.client.http.HttpLoggingInterceptor",
          "okhttp3.OkHttpClient",
          "io.github.jopenlibs.vault.VaultImpl");

  @Test
  void noHttpClientLogsSecretsAtTrace() throws Exception {
    assertNoSecretsLogged(
        child(
            "-Dlogback.configurationFile=logback.xml",
            "-Dcostcred.log.level=trace",
            "-Djdk.httpclient.HttpClient.log=all"));
  }

  @Test
  void aWireLogTurnedOnInTheLogbackConfigIsPinnedToo(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("logback.xml"),
            """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%level %logger - %msg%n</pattern></encoder>
              </appender>
              <logger name="org.apache.hc.client5.http.wire" level="trace"/>
              <logger name="software.amazon.awssdk.request" level="debug"/>
              <root level="trace"><appender-ref ref="OUT"/></root>
            </configuration>
            """);
    assertNoSecretsLogged(child("-Dlogback.configurationFile=" + config));
  }

  private static void assertNoSecretsLogged(String out) {
    assertThat(out)
        .as("the probe ran, with the default level at trace")
        .contains("probe: own trace on")
        .contains("probe: sts answered 123456789012")
        .contains("probe: kube answered s");
    LeakScan.assertNoSecrets(
        "operator output at trace",
        out,
        List.of(
            TransportLogProbe.SESSION_TOKEN,
            TransportLogProbe.BEARER,
            TransportLogProbe.AWS_BODY,
            TransportLogProbe.SECRET_BODY));
    for (String name : PINNED) {
      assertThat(out).contains("probe: " + name + " debug=false");
    }
  }

  @Test
  void aQuieterDefaultStaysQuieter() {
    assertThat(QuietTransports.quieterOf("warn", "trace")).isEqualTo("warn");
    assertThat(QuietTransports.quieterOf("warn", "error")).isEqualTo("error");
    assertThat(QuietTransports.quieterOf("warn", "off")).isEqualTo("off");
    assertThat(QuietTransports.quieterOf("warn", null)).isEqualTo("warn");
    assertThat(QuietTransports.quieterOf("warn", "loud")).isEqualTo("warn");
  }

  private static String child(String... props) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.addAll(List.of(props));
    cmd.add(TransportLogProbe.class.getName());
    cmd.addAll(PINNED);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = new String(bytes, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
