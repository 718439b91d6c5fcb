package io.costcred.e2e.support;

import java.util.List;

/**
 * YAML of the objects the suite writes, in the shapes of {@code docs/design/tenant-isolation.md}:
 * connections and CostCredentials. Kept as text so a reader can compare them with the design.
 */
public final class Specs {
  private Specs() {}

  /** A Vantage CostCredential with the given store list items (each starting with "- "). */
  public static String vantage(
      String ns, String name, String apiBaseUrl, String pool, List<String> stores, String extra) {
    StringBuilder sb =
        new StringBuilder(
            """
            apiVersion: costcred.io/v1alpha1
            kind: CostCredential
            metadata: {name: %s, namespace: %s}
            spec:
              provider:
                vantage:
                  apiBaseUrl: "%s"
                  tokenPool: {name: %s}
                  requiredScopes: [read]
                  revocationCheckInterval: 5m
              rotation: {interval: 720h, gracePeriod: 1h}
              stores:
            """
                .formatted(name, ns, apiBaseUrl, pool));
    for (String s : stores) {
      sb.append(indent(s, "    "));
    }
    if (extra != null) {
      sb.append(indent(extra, "  "));
    }
    return sb.toString();
  }

  /** An IAM access key CostCredential, keys published to a Kubernetes Secret. */
  public static String iam(String ns, String name, String connection, String user, String out) {
    return """
        apiVersion: costcred.io/v1alpha1
        kind: CostCredential
        metadata: {name: %s, namespace: %s}
        spec:
          provider:
            awsIamAccessKey:
              connectionRef: {kind: ClusterCredentialConnection, name: %s}
              userName: "%s"
              deleteInactiveAfter: 1h
          rotation: {interval: 720h, gracePeriod: 1h}
          stores:
            - kubernetesSecret: {name: %s}
        """
        .formatted(name, ns, connection, user, out);
  }

  public static String k8sStore(String secret) {
    return "- kubernetesSecret: {name: " + secret + "}\n";
  }

  public static String vaultStore(String kind, String connection, String mount, String path) {
    return """
        - vault:
            connectionRef: {kind: %s, name: %s}
            mount: "%s"
            path: "%s"
        """
        .formatted(kind, connection, mount, path);
  }

  public static String smStore(String kind, String connection, String secretId) {
    return """
        - awsSecretsManager:
            connectionRef: {kind: %s, name: %s}
            secretId: "%s"
        """
        .formatted(kind, connection, secretId);
  }

  /** A platform Vault connection with Kubernetes auth as {@code sa} of {@code saNs}. */
  public static String clusterVault(
      String name, List<String> namespaces, String address, String role, String sa, String saNs) {
    return """
        apiVersion: costcred.io/v1alpha1
        kind: ClusterCredentialConnection
        metadata: {name: %s}
        spec:
          allowedNamespaces: {names: %s}
          allowed:
            vaultPaths: ["secret/data/teams/{namespace}/*"]
          vault:
            address: "%s"
            auth:
              kubernetes:
                role: "%s"
                serviceAccountRef: {name: %s, namespace: %s}
        """
        .formatted(name, flow(namespaces), address, role, sa, saNs);
  }

  /** A platform AWS connection using the operator's default credential chain. */
  public static String clusterAws(String name, List<String> namespaces, String endpoint) {
    return """
        apiVersion: costcred.io/v1alpha1
        kind: ClusterCredentialConnection
        metadata: {name: %s}
        spec:
          allowedNamespaces: {names: %s}
          allowed:
            awsSecretNames: ["costcred/{namespace}/*"]
            iamUsers: ["%s"]
          aws:
            region: us-east-1
            endpoint: "%s"
        """
        .formatted(name, flow(namespaces), IAM_USERS, endpoint);
  }

  /** The IAM user template of the platform AWS connection ({namespace} delimited by dots). */
  public static final String IAM_USERS = "cost.{namespace}.*";

  /** The IAM user of {@code namespace} that {@link #IAM_USERS} allows. */
  public static String iamUser(String namespace, String name) {
    return "cost." + namespace + "." + name;
  }

  /**
   * A tenant's Vault connection with Kubernetes auth as a ServiceAccount (optionally elsewhere).
   */
  public static String tenantVaultK8s(
      String ns, String name, String address, String role, String sa, String saNs) {
    return """
        apiVersion: costcred.io/v1alpha1
        kind: CredentialConnection
        metadata: {name: %s, namespace: %s}
        spec:
          vault:
            address: "%s"
            auth:
              kubernetes:
                role: "%s"
                serviceAccountRef: {name: %s%s}
        """
        .formatted(name, ns, address, role, sa, saNs == null ? "" : ", namespace: " + saNs);
  }

  /** A tenant's Vault connection with a token from a Secret of its namespace. */
  public static String tenantVaultToken(String ns, String name, String address, String secret) {
    return """
        apiVersion: costcred.io/v1alpha1
        kind: CredentialConnection
        metadata: {name: %s, namespace: %s}
        spec:
          vault:
            address: "%s"
            auth:
              tokenSecretRef: {name: %s, key: token}
        """
        .formatted(name, ns, address, secret);
  }

  /** A tenant's AWS connection with static keys from a Secret of its namespace. */
  public static String tenantAws(String ns, String name, String endpoint, String secret) {
    return """
        apiVersion: costcred.io/v1alpha1
        kind: CredentialConnection
        metadata: {name: %s, namespace: %s}
        spec:
          aws:
            region: us-east-1
            endpoint: "%s"
            accessKeyIdSecretRef: {name: %s, key: id}
            secretAccessKeySecretRef: {name: %s, key: secret}
        """
        .formatted(name, ns, endpoint, secret, secret);
  }

  public static String policy(String name, String label, String maxInterval) {
    return """
        apiVersion: costcred.io/v1alpha1
        kind: ClusterRotationPolicy
        metadata: {name: %s}
        spec:
          namespaceSelector: {costcred.io/tier: "%s"}
          maxInterval: %s
          priority: 10
        """
        .formatted(name, label, maxInterval);
  }

  static String flow(List<String> items) {
    return "[" + String.join(", ", items) + "]";
  }

  private static String indent(String block, String prefix) {
    StringBuilder sb = new StringBuilder();
    for (String line : block.split("\n", -1)) {
      if (!line.isEmpty()) {
        sb.append(prefix).append(line).append('\n');
      }
    }
    return sb.toString();
  }
}
