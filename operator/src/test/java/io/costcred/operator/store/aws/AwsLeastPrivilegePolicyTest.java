package io.costcred.operator.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.provider.KeyRetention;
import io.costcred.operator.provider.aws.AwsIamAccessKeyConfig;
import io.costcred.operator.provider.aws.AwsIamAccessKeyProvider;
import io.costcred.operator.store.CredentialStoreContract;
import io.costcred.testsupport.MotoServer;
import io.costcred.testsupport.PeerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * The shipped IAM policy ({@code docs/policies/iam-policy.json}) is enough for the store and the
 * provider: a moto server of its own with IAM authorization switched on, the operator acting as an
 * IAM user that has only that policy. moto checks actions but not resource ARNs, so the statements
 * are used with {@code Resource: *}; the KMS statement (a condition moto ignores) is left out.
 */
class AwsLeastPrivilegePolicyTest {
  static MotoServer moto;
  static AwsClients admin;
  static AwsClients operator;
  static AwsClients limited;

  @BeforeAll
  static void setUp() throws Exception {
    moto = MotoServer.start();
    admin = new AwsClients(SmAdmin.connection(moto.endpoint()));
    IamClient iam = admin.iam();
    iam.createUser(b -> b.userName("svc-vantage").path("/costcred/"));
    operator = clientsFor(iam, "operator", policy(null));
    limited = clientsFor(iam, "limited", policy("iam:DeleteAccessKey"));
    setAuth("0"); // from now on every request must be signed by a permitted IAM user
  }

  @AfterAll
  static void tearDown() {
    admin.close();
    operator.close();
    limited.close();
    moto.close();
  }

  @Test
  void theSecretsManagerStoreNeedsNothingMore() {
    AwsSecretsManagerStore store =
        new AwsSecretsManagerStore(
            operator.secretsManager(),
            AwsSecretsManagerStoreConfig.json(
                "costcred/" + UUID.randomUUID(), CredentialStoreContract.KEYS, null, true));
    Credential c = Credential.token(SecretValue.of("tok-" + UUID.randomUUID()));
    store.publish("r-1", c, "fp");
    store.publish("r-2", Credential.token(SecretValue.of("tok-" + UUID.randomUUID())), "fp");
    store.publish("r-3", c, "fp");
    assertThat(store.read()).contains(c);
    store.remove();
    store.publish("r-4", c, "fp"); // restores the secret scheduled for deletion
    assertThat(store.read()).contains(c);
  }

  @Test
  void theAccessKeyProviderNeedsNothingMore() {
    AwsIamAccessKeyProvider p =
        new AwsIamAccessKeyProvider(
            operator, AwsIamAccessKeyConfig.of("svc-vantage", null, false), d -> {});
    var o = p.obtain("r-1");
    assertThat(p.verify(o.credential()).description()).endsWith(":user/costcred/svc-vantage");
    assertThat(p.capabilities().keyUsage().orElseThrow().lastUse(o.handleId()).describe())
        .containsKey("lastUsedDate");
    p.revoke(o.credential(), o.handleId());
    assertThat(p.capabilities().keyRetention().orElseThrow().deleteDeactivated(o.handleId()))
        .isEqualTo(KeyRetention.Deletion.DELETED);
  }

  @Test
  void aMissingActionIsAPermanentAccessDenied() {
    AwsIamAccessKeyProvider p =
        new AwsIamAccessKeyProvider(
            limited, AwsIamAccessKeyConfig.of("svc-vantage", null, false), d -> {});
    var o = p.obtain("r-1");
    p.revoke(o.credential(), o.handleId());
    assertThatThrownBy(
            () -> p.capabilities().keyRetention().orElseThrow().deleteDeactivated(o.handleId()))
        .isInstanceOfSatisfying(
            PermanentException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.ACCESS_DENIED);
              assertThat(e.getMessage())
                  .contains("HTTP 403")
                  .contains("IAM policy must allow iam:DeleteAccessKey on user svc-vantage");
            });
  }

  /** The shipped policy with Resource "*", without the KMS statement and one action. */
  private static String policy(String without) throws Exception {
    JsonNode doc =
        SmAdmin.JSON.readTree(
            Files.readString(PeerProcess.repoRoot().resolve("docs/policies/iam-policy.json")));
    ArrayNode kept = SmAdmin.JSON.createArrayNode();
    for (JsonNode st : doc.path("Statement")) {
      if (st.path("Sid").asText().contains("Kms")) {
        continue;
      }
      ObjectNode copy = st.deepCopy();
      copy.put("Resource", "*");
      ArrayNode actions = SmAdmin.JSON.createArrayNode();
      st.path("Action")
          .forEach(
              a -> {
                if (!a.asText().equals(without)) {
                  actions.add(a);
                }
              });
      copy.set("Action", actions);
      kept.add(copy);
    }
    ((ObjectNode) doc).set("Statement", kept);
    return doc.toString();
  }

  private static AwsClients clientsFor(IamClient iam, String user, String policy) {
    iam.createUser(b -> b.userName(user));
    iam.putUserPolicy(b -> b.userName(user).policyName("costcred").policyDocument(policy));
    AccessKey k = iam.createAccessKey(b -> b.userName(user)).accessKey();
    return new AwsClients(
        new AwsConnection(
            MotoServer.REGION,
            moto.endpoint(),
            new AwsConnection.StaticKeys(
                SecretValue.of(k.accessKeyId()), SecretValue.of(k.secretAccessKey())),
            Duration.ofSeconds(5),
            1));
  }

  private static void setAuth(String count) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(moto.endpoint().resolve(URI.create("/moto-api/reset-auth")))
                    .POST(HttpRequest.BodyPublishers.ofString(count))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }
}
