package io.costcred.operator.connection;

import io.costcred.operator.api.v1alpha1.AllowedDestinations;
import io.costcred.operator.api.v1alpha1.AwsConnectionSpec;
import io.costcred.operator.api.v1alpha1.ConnectionKind;
import io.costcred.operator.api.v1alpha1.VaultConnectionSpec;

/**
 * A connection a CostCredential may use, after every access rule passed.
 *
 * @param kind which kind it is
 * @param name its name
 * @param version the connection object's resourceVersion (clients are rebuilt when it changes)
 * @param tenantNamespace the CostCredential's namespace
 * @param secretNamespace where the Secrets and ServiceAccounts the connection names live: the
 *     operator's namespace for a cluster connection, the tenant's for a namespaced one
 * @param allowed destination templates (cluster connections), or null: no template limit
 * @param vault the Vault settings, or null
 * @param aws the AWS settings, or null
 */
public record ResolvedConnection(
    ConnectionKind kind,
    String name,
    String version,
    String tenantNamespace,
    String secretNamespace,
    AllowedDestinations allowed,
    VaultConnectionSpec vault,
    AwsConnectionSpec aws) {

  /** True for a platform-owned connection that lends an identity of the operator. */
  public boolean clusterScoped() {
    return kind == ConnectionKind.ClusterCredentialConnection;
  }

  /** How messages name it: {@code ClusterCredentialConnection platform-vault}. */
  public String describe() {
    return kind + " " + name;
  }

  /**
   * The ExternalId for an assumed role, derived from what a tenant cannot choose: the connection
   * and the CostCredential's namespace.
   */
  public String externalId() {
    return "costcred:" + kind + "/" + name + ":" + tenantNamespace;
  }

  /** A value with {@code {namespace}} replaced, where a cluster connection allows templates. */
  public String expand(String value) {
    return clusterScoped() ? Templates.expand(value, tenantNamespace) : value;
  }
}
