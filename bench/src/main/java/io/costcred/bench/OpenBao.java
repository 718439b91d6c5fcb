package io.costcred.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.testsupport.OpenBaoServer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The bench's OpenBao: a dev server of costcred-test-support ({@link OpenBaoServer}: in memory, KV
 * v2 at {@code secret/}, a random root token, 127.0.0.1 only), its output in the bench's work dir,
 * and the one read the emergency phase needs.
 */
final class OpenBao implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OpenBaoServer server;

  private OpenBao(OpenBaoServer server) {
    this.server = server;
  }

  static OpenBao start(Path workDir) {
    return new OpenBao(OpenBaoServer.start(workDir));
  }

  String address() {
    return server.address();
  }

  /** The dev root token (the bench's Vault auth: a fixed token from a Secret, development only). */
  String rootToken() {
    return server.rootToken();
  }

  /**
   * One key of the latest KV v2 version at {@code secret/data/<path>}, read with the root token;
   * null if the secret or key does not exist (yet).
   */
  String read(String path, String key) throws IOException {
    OpenBaoServer.Answer r = server.call("GET", "secret/data/" + path, null);
    if (r.status() == 404) {
      return null;
    }
    if (r.status() != 200) {
      throw new IOException("OpenBao GET secret/data/" + path + " answered " + r.status());
    }
    JsonNode v = JSON.readTree(r.body()).path("data").path("data").path(key);
    return v.isTextual() ? v.asText() : null;
  }

  @Override
  public void close() {
    server.close();
  }
}
