package io.costcred.e2e.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * One STS {@code GetCallerIdentity} request signed with SigV4 by the SDK's signer and sent with the
 * JDK HTTP client: a workload that still holds an access key and uses it (the suite has no STS
 * client module).
 */
final class SignedSts {
  private static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern ARN = Pattern.compile("<Arn>([^<]+)</Arn>");

  /** Headers the JDK client sets itself (and refuses to be given). */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

  private SignedSts() {}

  static String callerIdentity(URI endpoint, String accessKeyId, String secretAccessKey) {
    URI uri = endpoint.resolve("/");
    SdkHttpRequest unsigned =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(uri)
            .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(accessKeyId, secretAccessKey))
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromUtf8String(BODY))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(BODY, StandardCharsets.UTF_8));
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      if (!RESTRICTED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
        h.getValue().forEach(v -> req.header(h.getKey(), v));
      }
    }
    HttpResponse<String> res;
    try {
      res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("STS GetCallerIdentity failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Matcher m = ARN.matcher(res.body());
    if (res.statusCode() != 200 || !m.find()) {
      throw new AssertionError("STS GetCallerIdentity answered HTTP " + res.statusCode());
    }
    return m.group(1);
  }
}
