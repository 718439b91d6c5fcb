package io.costcred.operator.store.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.store.CredentialStoreContract;
import io.costcred.testsupport.OpenBaoServer;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes auth end to end: the store reads a ServiceAccount token file and logs in to real
 * OpenBao, which checks the token with a TokenReview against a Kubernetes API (the fabric8 mock
 * server on 127.0.0.1 answers it).
 */
class VaultKubernetesAuthTest {
  static final String NS = "costcred-system";
  static final String SA = "costcred-operator";
  static final String UID = UUID.randomUUID().toString();
  static OpenBaoServer bao;
  static HttpServer kube;

  /**
   * OpenBao insists on a CA certificate even for a plain-HTTP API server; this one (private key
   * discarded) is only parsed, never used.
   */
  static final String UNUSED_CA =
      "-----BEGIN CERTIFICATE-----\n"
          + "MIIBnDCCAUGgAwIBAgIUZlbcGqGf+M7QFCWroqBEGZfpQ9wwCgYIKoZIzj0EAwIw\n"
          + "IjEgMB4GA1UEAwwXY29zdGNyZWQtdGVzdC11bnVzZWQtY2EwIBcNMjYxMTIyMDU0\n"
          + "NzE0WhgPMjEyNjEwMjkwNTQ3MTRaMCIxIDAeBgNVBAMMF2Nvc3RjcmVkLXRlc3Qt\n"
          + "dW51c2VkLWNhMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEymIX7gB7CLxGbLyU\n"
          + "jatn6dcP7nP3Gf44kN29qeoKypFHwQdx2fnbap6rwteXLJGR5klBUl7lvxv3JcHY\n"
          + "Fvve66NTMFEwHQYDVR0OBBYEFLclsclbSfbWm4Hk86AUpN2qMSdxMB8GA1UdIwQY\n"
          + "MBaAFLclsclbSfbWm4Hk86AUpN2qMSdxMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZI\n"
          + "zj0EAwIDSQAwRgIhAJPalgMaQz75NvYGjXu0mqAw/+WHri1tyzAVTfBNFU9qAiEA\n"
          + "ur9SnSsxLCExvTpK6/865q7jvxpx0P9lfNwwPf62UdY=\n"
          + "-----END CERTIFICATE-----\n";

  @BeforeAll
  static void setUp() throws IOException {
    bao = OpenBaoServer.shared();
    VaultAuthSetup.on(bao); // uploads the shipped policy
    kube = tokenReviewer();
    bao.call("POST", "sys/auth/kubernetes", "{\"type\":\"kubernetes\"}"); // 400 if already there
    bao.ok(
        "POST",
        "auth/kubernetes/config",
        "{\"kubernetes_host\":\"http://127.0.0.1:"
            + kube.getAddress().getPort()
            + "\",\"disable_local_ca_jwt\":true,\"kubernetes_ca_cert\":"
            + KvAdmin.JSON.valueToTree(UNUSED_CA)
            + "}");
    bao.ok(
        "POST",
        "auth/kubernetes/role/costcred",
        "{\"bound_service_account_names\":\""
            + SA
            + "\",\"bound_service_account_namespaces\":\""
            + NS
            + "\",\"token_policies\":\""
            + VaultAuthSetup.POLICY
            + "\",\"token_ttl\":\"1h\"}");
  }

  @AfterAll
  static void tearDown() {
    kube.stop(0);
  }

  /**
   * The TokenReview endpoint of a Kubernetes API server on 127.0.0.1: authenticates the operator's
   * ServiceAccount (whatever the token; OpenBao then matches the token's claims against it).
   */
  static HttpServer tokenReviewer() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String review =
        Serialization.asJson(
            new TokenReviewBuilder()
                .withNewStatus()
                .withAuthenticated(true)
                .withNewUser()
                .withUsername("system:serviceaccount:" + NS + ":" + SA)
                .withUid(UID)
                .endUser()
                .endStatus()
                .build());
    server.createContext(
        "/apis/authentication.k8s.io/v1/tokenreviews",
        ex -> {
          try (ex) {
            ex.getRequestBody().readAllBytes();
            byte[] body = review.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(201, body.length);
            ex.getResponseBody().write(body);
          }
        });
    server.start();
    return server;
  }

  /** A JWT source that hands out one fixed token, as TokenRequest would a fresh one. */
  private static VaultStoreConfig.JwtSource fixed(String jwt) {
    return new VaultStoreConfig.JwtSource() {
      @Override
      public SecretValue token() {
        return SecretValue.of(jwt);
      }

      @Override
      public String describe() {
        return "test token";
      }
    };
  }

  @Test
  void logsInWithTheServiceAccountToken() throws Exception {
    VaultKvStore store =
        store(
            new VaultStoreConfig.KubernetesAuth(
                "costcred", null, fixed(serviceAccountJwt(NS, SA))));
    Credential c = Credential.token(SecretValue.of("tok-" + UUID.randomUUID()));
    store.publish("r-1", c, "fp");
    assertThat(store.read()).contains(c);
    assertThat(store.logins()).isEqualTo(1);
  }

  @Test
  void aServiceAccountOutsideTheRoleIsRefusedPermanently() throws Exception {
    VaultKvStore store =
        store(
            new VaultStoreConfig.KubernetesAuth(
                "costcred", null, fixed(serviceAccountJwt("other-ns", SA))));
    assertThatThrownBy(store::read)
        .isInstanceOfSatisfying(
            PermanentException.class,
            e -> assertThat(e.getMessage()).contains("login").contains("kubernetes"));
  }

  @Test
  void aTokenSourceFailureIsPassedOnTyped() {
    VaultStoreConfig.JwtSource broken =
        new VaultStoreConfig.JwtSource() {
          @Override
          public SecretValue token() {
            throw new PermanentException("ConnectionNotAllowed", "no such ServiceAccount");
          }

          @Override
          public String describe() {
            return "broken";
          }
        };
    VaultKvStore store = store(new VaultStoreConfig.KubernetesAuth("costcred", null, broken));
    assertThatThrownBy(store::read)
        .isInstanceOfSatisfying(
            PermanentException.class,
            e -> assertThat(e.getMessage()).contains("no such ServiceAccount"));
  }

  private static VaultKvStore store(VaultStoreConfig.Auth auth) {
    return new VaultKvStore(
        new VaultStoreConfig(
            bao.address(),
            null,
            null,
            "secret",
            "costcred/k8s-" + UUID.randomUUID(),
            CredentialStoreContract.KEYS,
            auth,
            Duration.ofSeconds(5)));
  }

  /** A projected-token-shaped JWT; OpenBao checks it with the TokenReview, not its signature. */
  static String serviceAccountJwt(String namespace, String name) {
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"RS256\",\"kid\":\"test\"}";
    String claims =
        "{\"iss\":\"https://kubernetes.default.svc\",\"sub\":\"system:serviceaccount:"
            + namespace
            + ":"
            + name
            + "\",\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 3600)
            + ",\"kubernetes.io\":{\"namespace\":\""
            + namespace
            + "\",\"serviceaccount\":{\"name\":\""
            + name
            + "\",\"uid\":\""
            + UID
            + "\"}}}";
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString("not-verified".getBytes(StandardCharsets.UTF_8));
  }
}
