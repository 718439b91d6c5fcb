package io.costcred.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/**
 * A real OpenBao dev server ({@code bao server -dev}): in memory, unsealed, KV v2 at {@code
 * secret/}, a random root token, bound to 127.0.0.1 on a free port. Built by {@code
 * hack/build-openbao.sh} into {@code $COSTCRED_CACHE/openbao/<version>/bao}.
 */
public final class OpenBaoServer extends PeerProcess {
  private static OpenBaoServer shared;

  private final String address;
  private final String rootToken;
  private final String caPem;
  private final HttpClient http;

  private OpenBaoServer(List<String> cmd, String address, String rootToken, Path tlsDir, Path log)
      throws IOException {
    super("openbao", cmd, Map.of("HOME", log.getParent().toString()), log);
    this.address = address;
    this.rootToken = rootToken;
    if (tlsDir == null) {
      this.caPem = null;
      this.http = HTTP;
      awaitHttp(
          URI.create(address + "/v1/sys/health"), "GET", s -> s == 200, Duration.ofSeconds(30));
    } else {
      Path ca = tlsDir.resolve("vault-ca.pem");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!Files.exists(ca) && System.nanoTime() < deadline && isAlive()) {
        sleep(50);
      }
      this.caPem = Files.exists(ca) ? Files.readString(ca) : null;
      if (caPem == null) {
        close();
        throw new IllegalStateException("OpenBao wrote no CA certificate" + tail());
      }
      this.http = HttpClient.newBuilder().sslContext(trusting(caPem)).build();
      awaitHealthy();
    }
  }

  /** The binary, or a failure saying to run the build script. */
  public static Path binary() {
    String version = fromRepoFile("hack/openbao/VERSION", "^\\s*([0-9][^\\s]*)\\s*$");
    return requireBinary(
        cacheRoot().resolve("openbao").resolve(version).resolve("bao"), "hack/build-openbao.sh");
  }

  /** One server for the whole test JVM (stopped at exit); never seal it. */
  public static synchronized OpenBaoServer shared() {
    if (shared == null || !shared.isAlive()) {
      shared = start();
    }
    return shared;
  }

  /** A server of its own, e.g. to seal it. */
  public static OpenBaoServer start() {
    return launch(false, null);
  }

  /** A server of its own, its output in {@code logDir} (null: {@code target/peers/}). */
  public static OpenBaoServer start(Path logDir) {
    return launch(false, logDir);
  }

  /** A server with {@code -dev-tls}: HTTPS with a generated CA ({@link #caPem()}). */
  public static OpenBaoServer startTls() {
    return launch(true, null);
  }

  private static OpenBaoServer launch(boolean tls, Path logDir) {
    Path bao = binary();
    IllegalStateException last = null;
    for (int i = 0; i < 3; i++) {
      try {
        int port = freePortPair();
        String token = "test-" + UUID.randomUUID();
        List<String> cmd = new ArrayList<>(List.of(bao.toString(), "server", "-dev"));
        cmd.add("-dev-root-token-id=" + token);
        cmd.add("-dev-listen-address=127.0.0.1:" + port);
        cmd.add("-dev-no-store-token");
        Path tlsDir = null;
        if (tls) {
          tlsDir = Files.createTempDirectory("openbao-tls");
          cmd.add("-dev-tls");
          cmd.add("-dev-tls-cert-dir=" + tlsDir);
        }
        String scheme = tls ? "https" : "http";
        return new OpenBaoServer(
            cmd,
            scheme + "://127.0.0.1:" + port,
            token,
            tlsDir,
            logFile(logDir, "openbao-" + port));
      } catch (IllegalStateException e) {
        last = e; // e.g. the cluster port (port + 1) was taken meanwhile
      } catch (IOException e) {
        throw new IllegalStateException("cannot start OpenBao", e);
      }
    }
    throw last;
  }

  public String address() {
    return address;
  }

  public String rootToken() {
    return rootToken;
  }

  /** PEM of the generated CA (TLS servers only). */
  public String caPem() {
    return caPem;
  }

  /** An HTTP answer of the admin API. */
  public record Answer(int status, String body) {}

  /** Calls the HTTP API with the root token, e.g. {@code call("POST", "sys/seal", null)}. */
  public Answer call(String method, String path, String json) {
    return call(method, path, json, rootToken);
  }

  /** Calls the HTTP API with the root token inside a namespace. */
  public Answer callIn(String namespace, String method, String path, String json) {
    return send(method, path, json, rootToken, namespace);
  }

  /** Calls the HTTP API with a token. */
  public Answer call(String method, String path, String json, String token) {
    return send(method, path, json, token, null);
  }

  private Answer send(String method, String path, String json, String token, String namespace) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(address + "/v1/" + path))
            .timeout(Duration.ofSeconds(10))
            .header("X-Vault-Token", token)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (namespace != null) {
      b.header("X-Vault-Namespace", namespace);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException("OpenBao call failed: " + method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Like {@link #call} but fails unless the answer is 2xx. */
  public String ok(String method, String path, String json) {
    Answer a = call(method, path, json);
    if (a.status() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " answered " + a.status() + ": " + a.body());
    }
    return a.body();
  }

  public void seal() {
    ok("POST", "sys/seal", null);
  }

  private void awaitHealthy() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && isAlive()) {
      try {
        if (call("GET", "sys/health", null).status() == 200) {
          return;
        }
      } catch (IllegalStateException e) {
        // not listening yet
      }
      sleep(50);
    }
    close();
    throw new IllegalStateException("OpenBao (TLS) did not become ready" + tail());
  }

  private static int freePortPair() throws IOException {
    for (int i = 0; i < 20; i++) {
      int port = freePort();
      try (var s =
          new java.net.ServerSocket(port + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
        return port; // the dev server's cluster listener takes port + 1
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IOException("no free pair of ports");
  }

  private static SSLContext trusting(String pem) {
    try {
      var certs =
          java.security.cert.CertificateFactory.getInstance("X.509")
              .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes()));
      var ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (var c : certs) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      var tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException("bad CA PEM", e);
    }
  }
}
