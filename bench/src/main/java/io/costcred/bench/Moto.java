package io.costcred.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.testsupport.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The bench's moto: a server of costcred-test-support ({@link MotoServer}: AWS Secrets Manager,
 * IAM, STS on 127.0.0.1), its output in the bench's work dir, and the one read the emergency phase
 * needs. moto accepts any credentials (the bench's stores use the static keys {@value #KEY}/{@value
 * #KEY}).
 */
final class Moto implements AutoCloseable {
  static final String REGION = MotoServer.REGION;
  static final String KEY = "testing";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** HTTP/1.1 with keep-alive: the emergency phase polls every few milliseconds. */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

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

  private final MotoServer server;

  private Moto(MotoServer server) {
    this.server = server;
  }

  static Moto start(Path workDir) {
    return new Moto(MotoServer.start(workDir));
  }

  URI endpoint() {
    return server.endpoint();
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
            HttpRequest.newBuilder(endpoint().resolve("/"))
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

  @Override
  public void close() {
    server.close();
  }
}
