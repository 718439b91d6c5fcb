package io.costcred.operator.connection;

import io.costcred.operator.api.v1alpha1.AllowedDestinations;
import io.costcred.operator.api.v1alpha1.ClusterCredentialConnection;
import io.costcred.operator.api.v1alpha1.ConnectionKind;
import io.costcred.operator.api.v1alpha1.ConnectionRef;
import io.costcred.operator.api.v1alpha1.CredentialConnection;
import io.costcred.operator.api.v1alpha1.NamespaceSelection;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.VaultAuthSpec;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.PermanentException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies the access rules of docs/design/tenant-isolation.md to a {@code connectionRef}: a cluster
 * connection must select the namespace and its templates must allow the destination; a namespaced
 * connection must name only credentials of its own namespace. Every refusal is a typed exception
 * with a named reason, thrown before any request is sent with the connection's identity.
 */
public final class ConnectionResolver {
  /** What a store or provider wants to touch through a connection. */
  public enum Use {
    VAULT_PATH(Type.VAULT, "Vault path", AllowedDestinations::getVaultPaths),
    AWS_SECRET(Type.AWS, "Secrets Manager secret", AllowedDestinations::getAwsSecretNames),
    IAM_USER(Type.AWS, "IAM user", AllowedDestinations::getIamUsers);

    private final Type type;
    private final String noun;
    private final Function<AllowedDestinations, List<String>> templates;

    Use(Type type, String noun, Function<AllowedDestinations, List<String>> templates) {
      this.type = type;
      this.noun = noun;
      this.templates = templates;
    }
  }

  /** The members of a connection's union ({@code spec.vault} | {@code spec.aws}). */
  enum Type {
    VAULT,
    AWS
  }

  private final ConnectionSource source;
  private final EgressPolicy egress;
  private final String operatorNamespace;

  public ConnectionResolver(
      ConnectionSource source, EgressPolicy egress, String operatorNamespace) {
    this.source = source;
    this.egress = egress;
    this.operatorNamespace = operatorNamespace;
  }

  /**
   * The connection {@code ref} names, for {@code use} of {@code destination} by a CostCredential in
   * {@code namespace}; throws when any rule refuses it.
   */
  public ResolvedConnection resolve(
      ConnectionRef ref, String namespace, Use use, String destination) {
    if (ref == null || ref.getName() == null || ref.getName().isBlank()) {
      throw new PermanentException(
          Reasons.INVALID_SPEC, "a " + use.noun + " needs a connectionRef");
    }
    ConnectionKind kind =
        ref.getKind() == null ? ConnectionKind.CredentialConnection : ref.getKind();
    ResolvedConnection c =
        kind == ConnectionKind.ClusterCredentialConnection
            ? cluster(ref.getName(), namespace)
            : namespaced(ref.getName(), namespace);
    String missing =
        switch (use.type) {
          case VAULT -> c.vault() == null ? " is not a Vault connection" : null;
          case AWS -> c.aws() == null ? " is not an AWS connection" : null;
        };
    if (missing != null) {
      throw new PermanentException(Reasons.INVALID_SPEC, c.describe() + missing);
    }
    if (c.clusterScoped() && !allows(c.allowed(), use, namespace, destination)) {
      throw new PermanentException(
          Reasons.DESTINATION_NOT_ALLOWED,
          use.noun
              + " "
              + destination
              + " is not allowed for namespace "
              + namespace
              + " by "
              + c.describe()
              + " (spec.allowed)");
    }
    checkEgress(c);
    return c;
  }

  private ResolvedConnection cluster(String name, String namespace) {
    ClusterCredentialConnection c =
        source
            .cluster(name)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        Reasons.CONNECTION_NOT_FOUND,
                        "ClusterCredentialConnection " + name + " not found"));
    var spec = c.getSpec();
    if (spec == null
        || !selects(spec.getAllowedNamespaces(), namespace, source.namespaceLabels(namespace))) {
      throw new PermanentException(
          Reasons.CONNECTION_NOT_ALLOWED,
          "ClusterCredentialConnection "
              + name
              + " does not allow namespace "
              + namespace
              + " (spec.allowedNamespaces)");
    }
    return new ResolvedConnection(
        ConnectionKind.ClusterCredentialConnection,
        name,
        c.getMetadata().getResourceVersion(),
        namespace,
        operatorNamespace,
        spec.getAllowed() == null ? new AllowedDestinations() : spec.getAllowed(),
        spec.getVault(),
        spec.getAws());
  }

  private ResolvedConnection namespaced(String name, String namespace) {
    CredentialConnection c =
        source
            .namespaced(namespace, name)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        Reasons.CONNECTION_NOT_FOUND,
                        "CredentialConnection " + name + " not found in namespace " + namespace));
    var spec = c.getSpec();
    if (spec == null) {
      throw new PermanentException(
          Reasons.INVALID_SPEC, "CredentialConnection " + name + " is empty");
    }
    if (spec.getAws() != null && spec.getAws().getAccessKeyIdSecretRef() == null) {
      throw new PermanentException(
          Reasons.CONNECTION_NOT_ALLOWED,
          "CredentialConnection "
              + name
              + " names no access keys: a namespaced connection never uses the operator's own AWS"
              + " identity (ask for a ClusterCredentialConnection)");
    }
    VaultAuthSpec auth = spec.getVault() == null ? null : spec.getVault().getAuth();
    if (auth != null && auth.getKubernetes() != null) {
      var sa = auth.getKubernetes().getServiceAccountRef();
      if (sa != null && sa.getNamespace() != null && !sa.getNamespace().equals(namespace)) {
        throw new PermanentException(
            Reasons.CONNECTION_NOT_ALLOWED,
            "CredentialConnection "
                + name
                + " names a ServiceAccount of namespace "
                + sa.getNamespace()
                + "; only its own namespace's are allowed");
      }
    }
    return new ResolvedConnection(
        ConnectionKind.CredentialConnection,
        name,
        c.getMetadata().getResourceVersion(),
        namespace,
        namespace,
        null,
        spec.getVault(),
        spec.getAws());
  }

  private void checkEgress(ResolvedConnection c) {
    if (c.vault() != null) {
      egress.check(c.vault().getAddress(), "the Vault address of " + c.describe());
    }
    if (c.aws() != null && c.aws().getEndpoint() != null && !c.aws().getEndpoint().isBlank()) {
      egress.check(c.aws().getEndpoint(), "the AWS endpoint of " + c.describe());
    }
  }

  /** True when {@code selection} selects {@code namespace}: by name, or by every label. */
  static boolean selects(
      NamespaceSelection selection, String namespace, Map<String, String> labels) {
    if (selection == null) {
      return false;
    }
    if (selection.getNames() != null && selection.getNames().contains(namespace)) {
      return true;
    }
    Map<String, String> match = selection.getMatchLabels();
    return match != null && !match.isEmpty() && labels.entrySet().containsAll(match.entrySet());
  }

  private static boolean allows(
      AllowedDestinations allowed, Use use, String namespace, String destination) {
    return Templates.anyMatches(use.templates.apply(allowed), namespace, destination);
  }
}
