package io.costcred.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real OpenBao dev server ({@code bao server -dev}, Vault API): in memory, KV v2 at {@code
 * secret/}, a random root token, listening on 127.0.0.1 only. Built by hack/build-openbao.sh into
 * {@code $COSTCRED_CACHE/openbao/<version>/bao}.
 */
final class OpenBao extends PeerProcess {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String address;
  private final String rootToken;

  private OpenBao(List<String> cmd, String address, String rootToken, Path log) throws IOException {
    // HOME in the work dir: the dev server must not touch ~/.vault-token.
    super("openbao", cmd, Map.of("HOME", log.getParent().toString()), log);
    this.address = address;
    this.rootToken = rootToken;
  }

  static OpenBao start(Path repo, Path workDir) throws IOException {
    String version =
        PeerProcess.fromRepoFile(repo, "hack/openbao/VERSION", "^\\s*([0-9][^\\s]*)\\s*$");
    Path bao =
        requireBinary(
            cacheRoot().resolve("openbao").resolve(version).resolve("bao"),
            "hack/build-openbao.sh");
    int port = freePortPair();
    String token = "bench-" + UUID.randomUUID();
    List<String> cmd =
        List.of(
            bao.toString(),
            "server",
            "-dev",
            "-dev-root-token-id=" + token,
            "-dev-listen-address=127.0.0.1:" + port,
            "-dev-no-store-token");
    String address = "http://127.0.0.1:" + port;
    OpenBao server = new OpenBao(cmd, address, token, workDir.resolve("openbao.log"));
    try {
      server.awaitHttp(
          URI.create(address + "/v1/sys/health"), "GET", s -> s == 200, Duration.ofSeconds(30));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The dev server's cluster listener takes port + 1 (on the same 127.0.0.1 address). */
  private static int freePortPair() throws IOException {
    for (int i = 0; i < 20; i++) {
      int port = freePort();
      try (ServerSocket s = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IOException("no free pair of ports for OpenBao");
  }

  String address() {
    return address;
  }

  /** The dev root token (the bench's Vault auth: a fixed token from a Secret, development only). */
  String rootToken() {
    return rootToken;
  }

  /**
   * One key of the latest KV v2 version at {@code secret/data/<path>}, read with the root token;
   * null if the secret or key does not exist (yet).
   */
  String read(String path, String key) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(address + "/v1/secret/data/" + path))
                .timeout(Duration.ofSeconds(5))
                .header("X-Vault-Token", rootToken)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw new IOException("OpenBao GET secret/data/" + path + " answered " + r.statusCode());
    }
    JsonNode v = JSON.readTree(r.body()).path("data").path("data").path(key);
    return v.isTextual() ? v.asText() : null;
  }
}
