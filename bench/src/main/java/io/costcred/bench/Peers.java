package io.costcred.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real store peers of the emergency phase, both on 127.0.0.1: OpenBao (Vault KV v2) and moto
 * (AWS Secrets Manager).
 */
final class Peers implements AutoCloseable {
  /** Secret with the OpenBao dev root token (Vault auth {@code tokenSecretRef}). */
  static final String VAULT_TOKEN_SECRET = "bench-vault-token";

  /** Secret with moto's static AWS keys ({@code credentials.accessKeyIdSecretRef} and co). */
  static final String AWS_KEYS_SECRET = "bench-aws-keys";

  final OpenBao openBao;
  final Moto moto;

  private Peers(OpenBao openBao, Moto moto) {
    this.openBao = openBao;
    this.moto = moto;
  }

  static Peers start(Path repo, Path workDir) {
    // The peers find their pinned versions (hack/openbao/VERSION, hack/moto-requirements.txt) here.
    System.setProperty("costcred.repo.dir", repo.toString());
    OpenBao bao = OpenBao.start(workDir);
    try {
      Moto moto = Moto.start(workDir);
      Bench.log("peers: OpenBao at " + bao.address() + ", moto at " + moto.endpoint());
      return new Peers(bao, moto);
    } catch (RuntimeException e) {
      bao.close();
      throw e;
    }
  }

  /** The namespaced connection (a team's own) to OpenBao, with the root token from a Secret. */
  static final String VAULT_CONNECTION = "bench-vault";

  /** The namespaced connection to moto, with its static keys from a Secret. */
  static final String AWS_CONNECTION = "bench-aws";

  /**
   * The spec of a credential's two peer stores: an OpenBao KV v2 secret and a moto Secrets Manager
   * secret, each reached through a CredentialConnection of the namespace (see {@link
   * #connections}), with the given key mapping, as config/samples do.
   */
  List<Object> stores(String ns, String credential, List<Map<String, String>> keys) {
    Map<String, Object> vault = new LinkedHashMap<>();
    vault.put("connectionRef", Map.of("name", VAULT_CONNECTION));
    vault.put("mount", "secret");
    vault.put("path", Fixtures.Group.vaultPath(ns, credential));
    vault.put("keys", keys);
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("connectionRef", Map.of("name", AWS_CONNECTION));
    aws.put("secretId", Fixtures.Group.awsSecretId(ns, credential));
    aws.put("keys", keys);
    aws.put("createIfMissing", true);
    return List.of(Map.of("vault", vault), Map.of("awsSecretsManager", aws));
  }

  /**
   * The CredentialConnections (name to spec) the peer stores use, one set per namespace: the
   * OpenBao address with token auth (development only, as in the operator's tests) and the moto
   * endpoint with static keys, both from Secrets of the namespace.
   */
  Map<String, Map<String, Object>> connections() {
    return Map.of(
        VAULT_CONNECTION,
        Map.of(
            "vault",
            Map.of(
                "address",
                openBao.address(),
                "auth",
                Map.of("tokenSecretRef", Map.of("name", VAULT_TOKEN_SECRET, "key", "token")))),
        AWS_CONNECTION,
        Map.of(
            "aws",
            Map.of(
                "region",
                Moto.REGION,
                "endpoint",
                moto.endpoint().toString(),
                "accessKeyIdSecretRef",
                Map.of("name", AWS_KEYS_SECRET, "key", "AWS_ACCESS_KEY_ID"),
                "secretAccessKeySecretRef",
                Map.of("name", AWS_KEYS_SECRET, "key", "AWS_SECRET_ACCESS_KEY"))));
  }

  /** The Secrets (name to data) the peer stores authenticate with, one set per namespace. */
  Map<String, Map<String, String>> credentialSecrets() {
    return Map.of(
        VAULT_TOKEN_SECRET,
        Map.of("token", openBao.rootToken()),
        AWS_KEYS_SECRET,
        Map.of("AWS_ACCESS_KEY_ID", Moto.KEY, "AWS_SECRET_ACCESS_KEY", Moto.KEY));
  }

  @Override
  public void close() {
    moto.close();
    openBao.close();
  }
}
