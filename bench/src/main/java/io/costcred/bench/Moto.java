package io.costcred.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real moto server (AWS Secrets Manager, IAM, STS emulator) on 127.0.0.1, installed by
 * hack/install-moto.sh into {@code $COSTCRED_CACHE/moto/<version>/venv}. moto accepts any
 * credentials (the bench's stores use the static keys {@value #KEY}/{@value #KEY}).
 */
final class Moto extends PeerProcess {
  static final String REGION = "us-east-1";
  static final String KEY = "testing";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * moto picks the service from the credential scope of the Authorization header and does not check
   * the signature, so the bench's own reads carry a well-formed but unsigned header.
   */
  private static final String AUTH =
      "AWS4-HMAC-SHA256 Credential="
          + KEY
          + "/20250101/"
          + REGION
          + "/secretsmanager/aws4_request, SignedHeaders=host, Signature=0";

  private final URI endpoint;

  private Moto(List<String> cmd, URI endpoint, Path log) throws IOException {
    super("moto", cmd, Map.of("AWS_DEFAULT_REGION", REGION), log);
    this.endpoint = endpoint;
  }

  static Moto start(Path repo, Path workDir) throws IOException {
    String version =
        PeerProcess.fromRepoFile(repo, "hack/moto-requirements.txt", "^moto(?:\\[[^]]*])?==(\\S+)");
    Path bin =
        requireBinary(
            cacheRoot().resolve("moto").resolve(version).resolve("venv/bin/moto_server"),
            "hack/install-moto.sh");
    int port = freePort();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    Moto server =
        new Moto(
            List.of(bin.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)),
            endpoint,
            workDir.resolve("moto.log"));
    try {
      server.awaitHttp(
          endpoint.resolve("/moto-api/reset"), "POST", s -> s == 200, Duration.ofSeconds(60));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    return server;
  }

  URI endpoint() {
    return endpoint;
  }

  /**
   * GetSecretValue of the AWSCURRENT version: one key of its JSON secret string; null if the secret
   * does not exist (yet) or has no such key.
   */
  String current(String secretId, String key) throws IOException, InterruptedException {
    String body =
        JSON.writeValueAsString(Map.of("SecretId", secretId, "VersionStage", "AWSCURRENT"));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(endpoint.resolve("/"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "secretsmanager.GetSecretValue")
                .header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404 || r.statusCode() == 400 && r.body().contains("NotFound")) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw new IOException("moto GetSecretValue " + secretId + " answered " + r.statusCode());
    }
    JsonNode secret = JSON.readTree(r.body()).path("SecretString");
    if (!secret.isTextual()) {
      return null;
    }
    JsonNode v = JSON.readTree(secret.asText()).path(key);
    return v.isTextual() ? v.asText() : null;
  }
}
