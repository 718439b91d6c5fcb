package io.costcred.operator.runtime;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Run in a child JVM by {@link QuietTransportsTest}: loads {@link Main} as the pod does, then sends
 * one AWS SDK request and one fabric8 request carrying secrets to a local server whose answers
 * carry secrets too. Prints whether each pinned logger is debug-enabled.
 */
public final class TransportLogProbe {
  static final String SESSION_TOKEN = "probe-session-token-" + "b3c1f0";
  static final String BEARER = "probe-bearer-token-" + "9d2e71";
  static final String AWS_BODY = "probe-aws-answer-" + "5a7c44";
  static final String SECRET_BODY = "probe-secret-value-" + "e41b08";

  private TransportLogProbe() {}

  public static void main(String[] args) throws Exception {
    Class.forName(Main.class.getName()); // its static initializer runs before any logger exists
    Logger out = LoggerFactory.getLogger("io.costcred.operator.probe");
    out.trace("probe: own trace on");
    for (String name : args) {
      out.info("probe: " + name + " debug=" + LoggerFactory.getLogger(name).isDebugEnabled());
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          boolean kube = ex.getRequestURI().getPath().startsWith("/api");
          String body =
              kube
                  ? "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\","
                      + "\"namespace\":\"n\"},\"stringData\":{\"token\":\""
                      + SECRET_BODY
                      + "\"}}"
                  : "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::"
                      + "123456789012:user/"
                      + AWS_BODY
                      + "</Arn><UserId>AIDA</UserId><Account>123456789012</Account>"
                      + "</GetCallerIdentityResult></GetCallerIdentityResponse>";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", kube ? "application/json" : "text/xml");
          ex.sendResponseHeaders(200, bytes.length);
          ex.getResponseBody().write(bytes);
          ex.close();
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(URI.create(url))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(
                        "probe-key-id", "probe-secret-key", SESSION_TOKEN)))
            .build()) {
      out.info("probe: sts answered " + sts.getCallerIdentity().account());
    }
    try (KubernetesClient kube =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl(url)
                    .withOauthToken(BEARER)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      out.info(
          "probe: kube answered "
              + kube.secrets().inNamespace("n").withName("s").get().getMetadata().getName());
    }
    server.stop(0);
  }
}
