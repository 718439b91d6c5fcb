package io.costcred.fakevantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeVantageMainTest {
  private static final Pattern LISTENING =
      Pattern.compile("fake-vantage listening on (http://127\\.0\\.0\\.1:(\\d+))");

  @TempDir Path tmp;

  @Test
  void parsesDefaults() {
    FakeVantageMain.Options options = FakeVantageMain.parse(new String[0]);

    assertThat(options.bind().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(options.port()).isZero();
    assertThat(options.portFile()).isNull();
    assertThat(options.hourlyBudget()).isEqualTo(1000);
  }

  @Test
  void parsesAllFlags() {
    FakeVantageMain.Options options =
        FakeVantageMain.parse(
            new String[] {
              "--bind", "::1", "--port", "8089", "--port-file", "p.txt", "--hourly-budget", "7"
            });

    assertThat(options.bind().isLoopbackAddress()).isTrue();
    assertThat(options.port()).isEqualTo(8089);
    assertThat(options.portFile()).isEqualTo(Path.of("p.txt"));
    assertThat(options.hourlyBudget()).isEqualTo(7);
  }

  @Test
  void refusesNonLoopbackBindsAndBadFlags() {
    for (String bind : List.of("0.0.0.0", "10.1.2.3", "::")) {
      assertThatThrownBy(() -> FakeVantageMain.parse(new String[] {"--bind", bind}))
          .hasMessageContaining("loopback");
    }
    assertThatThrownBy(() -> FakeVantageMain.parse(new String[] {"--port", "70000"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeVantageMain.parse(new String[] {"--hourly-budget", "0"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeVantageMain.parse(new String[] {"--nope", "1"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeVantageMain.parse(new String[] {"--port"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void startAnnouncesTheUrlAndWritesThePortFile() throws Exception {
    Path portFile = tmp.resolve("port");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FakeVantageMain.Options options =
        FakeVantageMain.parse(
            new String[] {"--port-file", portFile.toString(), "--hourly-budget", "9"});

    try (FakeVantage fake =
        FakeVantageMain.start(options, new PrintStream(out, true, StandardCharsets.UTF_8))) {
      Matcher m = LISTENING.matcher(out.toString(StandardCharsets.UTF_8).strip());
      assertThat(m.matches()).isTrue();
      assertThat(Integer.parseInt(m.group(2))).isEqualTo(fake.port());
      assertThat(Files.readString(portFile)).isEqualTo(Integer.toString(fake.port()));
      assertThat(fake.hourlyBudget()).isEqualTo(9);
    }
  }

  @Test
  void runsAsAProcessWithTheAdminApiAndNeverPrintsTokens() throws Exception {
    Path portFile = tmp.resolve("port");
    Path stdout = tmp.resolve("stdout");
    Path stderr = tmp.resolve("stderr");
    Process process =
        java("--port", "0", "--port-file", portFile.toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    String token;
    try {
      URI base = awaitListening(stdout, portFile);
      token = (String) Http.json(Http.post(base, "/__admin/tokens", "{}")).get("token");
      assertThat(Http.get(base, "/v2/me", token).statusCode()).isEqualTo(200);
      Http.post(base, "/__admin/revoke", "{\"token\": \"" + token + "\"}");
      assertThat(Http.get(base, "/v2/me", token).statusCode()).isEqualTo(401);
      Http.assertNoSecret(Http.get(base, "/__admin/stats", null).body(), token, "stats");
    } finally {
      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    String output = Files.readString(stdout) + Files.readString(stderr);
    Http.assertNoSecret(output, token, "the process's stdout/stderr");
  }

  @Test
  void processRefusesNonLoopbackBind() throws Exception {
    Path stderr = tmp.resolve("stderr");
    Process process =
        java("--bind", "0.0.0.0")
            .redirectError(stderr.toFile())
            .redirectOutput(tmp.resolve("o").toFile())
            .start();

    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(FakeVantageMain.EXIT_USAGE);
    assertThat(Files.readString(stderr)).contains("loopback").contains("usage:");
  }

  private static ProcessBuilder java(String... args) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path classes =
        Path.of(FakeVantageMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> command =
        new java.util.ArrayList<>(
            List.of(java.toString(), "-cp", classes.toString(), FakeVantageMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private static URI awaitListening(Path stdout, Path portFile) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.exists(stdout) ? Files.readString(stdout) : "");
      if (m.find() && Files.exists(portFile)) {
        assertThat(Files.readString(portFile)).isEqualTo(m.group(2));
        return URI.create(m.group(1));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("fake-vantage did not announce itself within 30s");
  }
}
