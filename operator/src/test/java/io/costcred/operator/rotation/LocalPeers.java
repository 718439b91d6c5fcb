package io.costcred.operator.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.operator.api.v1alpha1.AwsConnectionSpec;
import io.costcred.operator.api.v1alpha1.ConnectionKind;
import io.costcred.operator.api.v1alpha1.ConnectionRef;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CredentialConnection;
import io.costcred.operator.api.v1alpha1.CredentialConnectionSpec;
import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.api.v1alpha1.VaultAuthSpec;
import io.costcred.operator.api.v1alpha1.VaultConnectionSpec;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.store.aws.AwsClients;
import io.costcred.operator.store.aws.AwsConnection;
import io.costcred.operator.testing.Harness;
import io.costcred.testsupport.MotoServer;
import io.costcred.testsupport.OpenBaoServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The real local peers (OpenBao, moto) as the multi-store tests use them: config/samples pointed at
 * them, and reads that go straight to the peer, past the operator's store code.
 */
final class LocalPeers {
  static final String AWS_CREDS = "aws-creds";
  static final String VAULT_TOKEN = "vault-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalPeers() {}

  /** The team's own connections the adapted samples use (Vault token auth, moto static keys). */
  static final String VAULT_CONNECTION = "local-vault";

  static final String AWS_CONNECTION = "local-aws";

  /**
   * The Secrets and the namespaced connections the adapted samples reference: moto's test keys and
   * the OpenBao root token, both from Secrets of the test namespace (a tenant's own credentials).
   */
  static void credentials(Harness h) {
    h.pool(AWS_CREDS, Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"));
    h.pool(VAULT_TOKEN, Map.of("token", OpenBaoServer.shared().rootToken()));
    VaultAuthSpec auth = new VaultAuthSpec();
    auth.setTokenSecretRef(new SecretKeyRef(VAULT_TOKEN, "token"));
    VaultConnectionSpec vault = new VaultConnectionSpec();
    vault.setAddress(OpenBaoServer.shared().address());
    vault.setAuth(auth);
    CredentialConnectionSpec vaultSpec = new CredentialConnectionSpec();
    vaultSpec.setVault(vault);
    connection(h, VAULT_CONNECTION, vaultSpec);
    CredentialConnectionSpec awsSpec = new CredentialConnectionSpec();
    awsSpec.setAws(motoConnection(AWS_CREDS));
    connection(h, AWS_CONNECTION, awsSpec);
  }

  /** moto's region and endpoint with static keys from {@code secret}. */
  static AwsConnectionSpec motoConnection(String secret) {
    AwsConnectionSpec aws = new AwsConnectionSpec();
    aws.setRegion(MotoServer.REGION);
    aws.setEndpoint(MotoServer.shared().endpoint().toString());
    aws.setAccessKeyIdSecretRef(new SecretKeyRef(secret, "AWS_ACCESS_KEY_ID"));
    aws.setSecretAccessKeySecretRef(new SecretKeyRef(secret, "AWS_SECRET_ACCESS_KEY"));
    return aws;
  }

  private static void connection(Harness h, String name, CredentialConnectionSpec spec) {
    CredentialConnection c = new CredentialConnection();
    c.getMetadata().setName(name);
    c.getMetadata().setNamespace(h.namespace);
    c.setSpec(spec);
    h.client.resource(c).createOr(x -> x.update());
  }

  /**
   * A CredentialConnection of the test namespace to AWS at {@code endpoint} (moto, or a fault proxy
   * in front of it) with moto's static keys; returns its name.
   */
  static String awsConnection(Harness h, URI endpoint) {
    String name = "aws-" + endpoint.getPort();
    AwsConnectionSpec aws = motoConnection(AWS_CREDS);
    aws.setEndpoint(endpoint.toString());
    CredentialConnectionSpec spec = new CredentialConnectionSpec();
    spec.setAws(aws);
    connection(h, name, spec);
    return name;
  }

  /** A reference to one of the namespaced connections of {@link #credentials}. */
  static ConnectionRef ref(String name) {
    return new ConnectionRef(ConnectionKind.CredentialConnection, name);
  }

  /**
   * A sample from config/samples as written, except that Vault and AWS are reached through the test
   * namespace's own connections to the local peers (see {@link #credentials}); Vault paths and
   * secret ids get the namespace appended so that tests sharing one peer never meet. Not created
   * yet.
   */
  static CostCredential sample(Harness h, String file) throws IOException {
    CostCredential cr =
        Serialization.unmarshal(
            Files.readString(Path.of("../config/samples", file)), CostCredential.class);
    var provider = cr.getSpec().getProvider();
    if (provider.getVantage() != null) {
      provider.getVantage().setApiBaseUrl(h.vantage.baseUrl().toString());
    }
    if (provider.getAwsIamAccessKey() != null) {
      provider.getAwsIamAccessKey().setConnectionRef(ref(AWS_CONNECTION));
    }
    for (StoreSpec s : cr.getSpec().getStores()) {
      if (s.getVault() != null) {
        s.getVault().setConnectionRef(ref(VAULT_CONNECTION));
        s.getVault().setPath(s.getVault().getPath() + "-" + h.namespace);
      }
      if (s.getAwsSecretsManager() != null) {
        s.getAwsSecretsManager().setConnectionRef(ref(AWS_CONNECTION));
        s.getAwsSecretsManager()
            .setSecretId(s.getAwsSecretsManager().getSecretId() + "-" + h.namespace);
      }
    }
    cr.getMetadata().setNamespace(h.namespace);
    return cr;
  }

  /** Clients for moto with its test keys; close them. */
  static AwsClients admin() {
    return new AwsClients(
        new AwsConnection(
            MotoServer.REGION,
            MotoServer.shared().endpoint(),
            new AwsConnection.StaticKeys(SecretValue.of("testing"), SecretValue.of("testing")),
            null,
            0));
  }

  /** What a Secrets Manager secret holds, read from moto directly. */
  record SmSecret(Map<String, List<String>> stages, String current, String previous) {
    /** The version id carrying {@code stage}, or null. */
    String versionWith(String stage) {
      return stages.entrySet().stream()
          .filter(e -> e.getValue().contains(stage))
          .map(Map.Entry::getKey)
          .findFirst()
          .orElse(null);
    }

    /** A field of the AWSCURRENT JSON document, or null. */
    String currentField(String key) {
      return field(current, key);
    }

    String previousField(String key) {
      return field(previous, key);
    }

    private static String field(String json, String key) {
      if (json == null) {
        return null;
      }
      JsonNode v = parse(json).get(key);
      return v == null ? null : v.asText();
    }
  }

  /** The secret's stages and its AWSCURRENT and AWSPREVIOUS strings; null if it does not exist. */
  static SmSecret sm(SecretsManagerClient sm, String secretId) {
    try {
      var stages = sm.describeSecret(b -> b.secretId(secretId)).versionIdsToStages();
      return new SmSecret(
          stages, smValue(sm, secretId, "AWSCURRENT"), smValue(sm, secretId, "AWSPREVIOUS"));
    } catch (ResourceNotFoundException e) {
      return null;
    }
  }

  private static String smValue(SecretsManagerClient sm, String secretId, String stage) {
    try {
      return sm.getSecretValue(b -> b.secretId(secretId).versionStage(stage)).secretString();
    } catch (ResourceNotFoundException e) {
      return null;
    }
  }

  /** What a KV v2 secret holds, read from OpenBao with the root token. */
  record KvSecret(JsonNode data, long currentVersion, JsonNode customMetadata, int versions) {
    String field(String key) {
      JsonNode v = data.get(key);
      return v == null ? null : v.asText();
    }
  }

  /** The latest data and the metadata at {@code mount/path}; null if nothing was written. */
  static KvSecret vault(String mount, String path) {
    OpenBaoServer bao = OpenBaoServer.shared();
    OpenBaoServer.Answer data = bao.call("GET", mount + "/data/" + path, null);
    if (data.status() == 404) {
      return null;
    }
    JsonNode meta = parse(bao.ok("GET", mount + "/metadata/" + path, null)).path("data");
    return new KvSecret(
        parse(data.body()).path("data").path("data"),
        meta.path("current_version").asLong(),
        meta.path("custom_metadata"),
        meta.path("versions").size());
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
