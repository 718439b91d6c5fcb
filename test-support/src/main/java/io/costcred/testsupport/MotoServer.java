package io.costcred.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real moto server (AWS Secrets Manager, IAM, STS and more on one endpoint), bound to 127.0.0.1
 * on a free port. Installed by {@code hack/install-moto.sh} into {@code
 * $COSTCRED_CACHE/moto/<version>/venv}. moto accepts any credentials; its default account is
 * {@value #ACCOUNT}.
 */
public final class MotoServer extends PeerProcess {
  public static final String ACCOUNT = "123456789012";
  public static final String REGION = "us-east-1";
  private static MotoServer shared;

  private final URI endpoint;

  private MotoServer(List<String> cmd, URI endpoint, Path log) throws IOException {
    super(
        "moto",
        cmd,
        Map.of("AWS_DEFAULT_REGION", REGION, "MOTO_ALLOW_NONEXISTENT_REGION", "false"),
        log);
    this.endpoint = endpoint;
    awaitHttp(endpoint.resolve("/moto-api/reset"), "POST", s -> s == 200, Duration.ofSeconds(60));
  }

  /** The moto_server script, or a failure saying to run the install script. */
  public static Path binary() {
    String version = fromRepoFile("hack/moto-requirements.txt", "^moto(?:\\[[^]]*])?==(\\S+)");
    return requireBinary(
        cacheRoot().resolve("moto").resolve(version).resolve("venv/bin/moto_server"),
        "hack/install-moto.sh");
  }

  /** One server for the whole test JVM; call {@link #reset()} before each test. */
  public static synchronized MotoServer shared() {
    if (shared == null || !shared.isAlive()) {
      shared = start();
    }
    return shared;
  }

  /** A server of its own, its output in {@code target/peers/}. */
  public static MotoServer start() {
    return start(null);
  }

  /** A server of its own, its output in {@code logDir} (null: {@code target/peers/}). */
  public static MotoServer start(Path logDir) {
    Path bin = binary();
    try {
      int port = freePort();
      return new MotoServer(
          List.of(bin.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)),
          URI.create("http://127.0.0.1:" + port),
          logFile(logDir, "moto-" + port));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start moto", e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Forgets every resource of every service ({@code POST /moto-api/reset}). */
  public void reset() {
    try {
      HttpResponse<Void> r =
          HTTP.send(
              HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("moto reset answered " + r.statusCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto reset failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
