package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.AwsConnectionSpec;
import io.costcred.operator.api.v1alpha1.AwsIamAccessKeySpec;
import io.costcred.operator.api.v1alpha1.AwsSecretsManagerStoreSpec;
import io.costcred.operator.api.v1alpha1.ConnectionKind;
import io.costcred.operator.api.v1alpha1.ConnectionRef;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialSpec;
import io.costcred.operator.api.v1alpha1.RestartTarget;
import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.api.v1alpha1.VaultAuthSpec;
import io.costcred.operator.api.v1alpha1.VaultConnectionSpec;
import io.costcred.operator.api.v1alpha1.VaultStoreSpec;
import io.costcred.operator.connection.ConnectionSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The objects a CostCredential references, computed from its spec (no API request): its Vantage
 * token pool Secret, the Secrets its connections name (a platform connection's live in the
 * operator's namespace, a tenant connection's in the CostCredential's own) and its restart targets.
 * Connections are looked up in the connection caches; one that cannot be found names no Secret.
 * Store Secrets are not references (the operator writes them itself) but their readers are watched:
 * {@link #storeSecrets}.
 */
public final class References {
  /** A namespaced object by namespace and name. */
  public record Key(String namespace, String name) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = namespace.compareTo(o.namespace);
      return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  /** A connection a CostCredential names; {@code namespace} is null for a platform connection. */
  public record Connection(ConnectionKind kind, String namespace, String name)
      implements Comparable<Connection> {
    @Override
    public int compareTo(Connection o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
  }

  private final ConnectionSource connections;
  private final String operatorNamespace;

  public References(ConnectionSource connections, String operatorNamespace) {
    this.connections = connections;
    this.operatorNamespace = operatorNamespace;
  }

  /** The Secrets the CostCredential reads, sorted. */
  public Set<Key> secrets(CostCredential cr) {
    Set<Key> out = new TreeSet<>();
    CostCredentialSpec spec = cr.getSpec();
    String ns = cr.getMetadata().getNamespace();
    if (spec == null || spec.getProvider() == null) {
      return out;
    }
    tokenPool(cr).ifPresent(pool -> add(out, ns, pool));
    for (ConnectionRef ref : connectionRefs(spec)) {
      connectionSecrets(ref, ns, out);
    }
    return out;
  }

  /**
   * The name of the Vantage token pool Secret, in the CostCredential's namespace, if it has one.
   */
  public static Optional<String> tokenPool(CostCredential cr) {
    CostCredentialSpec spec = cr.getSpec();
    if (spec == null || spec.getProvider() == null) {
      return Optional.empty();
    }
    var vantage = spec.getProvider().getVantage();
    return vantage == null || vantage.getTokenPool() == null
        ? Optional.empty()
        : Optional.ofNullable(vantage.getTokenPool().getName());
  }

  /**
   * The Secrets a connection's auth names, as {@link #secrets} counts them for a CostCredential
   * that names it (none when the connection is not cached).
   */
  public Set<Key> connectionSecrets(Connection c) {
    Set<Key> out = new TreeSet<>();
    connectionSecrets(new ConnectionRef(c.kind(), c.name()), c.namespace(), out);
    return out;
  }

  /**
   * The names of the Kubernetes Secrets the CostCredential stores into (its {@code
   * kubernetesSecret} stores, in its own namespace), sorted: the Secrets its consumers read.
   */
  public static Set<String> storeSecrets(CostCredential cr) {
    Set<String> out = new TreeSet<>();
    if (cr.getSpec() == null || cr.getSpec().getStores() == null) {
      return out;
    }
    for (StoreSpec s : cr.getSpec().getStores()) {
      // An invalid union (none or several members) stores nothing: the reconcile reports it.
      if (s.kind().orElse(null) == StoreSpec.Kind.KUBERNETES_SECRET) {
        String name = s.getKubernetesSecret().getName();
        if (name != null && !name.isBlank()) {
          out.add(name);
        }
      }
    }
    return out;
  }

  /** The connections the CostCredential names, from its spec alone, sorted. */
  public static Set<Connection> connections(CostCredential cr) {
    Set<Connection> out = new TreeSet<>();
    if (cr.getSpec() == null) {
      return out;
    }
    for (ConnectionRef ref : connectionRefs(cr.getSpec())) {
      out.add(
          ref.getKind() == ConnectionKind.ClusterCredentialConnection
              ? new Connection(ConnectionKind.ClusterCredentialConnection, null, ref.getName())
              : new Connection(
                  ConnectionKind.CredentialConnection,
                  cr.getMetadata().getNamespace(),
                  ref.getName()));
    }
    return out;
  }

  /** The restart targets, as written in the spec. */
  public static List<RestartTarget> targets(CostCredential cr) {
    return cr.getSpec() == null || cr.getSpec().getRestartTargets() == null
        ? List.of()
        : cr.getSpec().getRestartTargets();
  }

  /** True when {@code target} selects a workload of this kind, name and labels. */
  public static boolean selects(
      RestartTarget target, String kind, String name, Map<String, String> labels) {
    if (target.getKind() == null || !target.getKind().name().equals(kind)) {
      return false;
    }
    if (target.getName() != null) {
      return target.getName().equals(name);
    }
    Map<String, String> wanted = target.getMatchLabels();
    return wanted != null
        && !wanted.isEmpty()
        && labels != null
        && labels.entrySet().containsAll(wanted.entrySet());
  }

  /** True when the CostCredential names a platform connection (whose Secrets are ours). */
  public static boolean usesPlatformConnection(CostCredential cr) {
    return cr.getSpec() != null
        && connectionRefs(cr.getSpec()).stream()
            .anyMatch(r -> r.getKind() == ConnectionKind.ClusterCredentialConnection);
  }

  private static List<ConnectionRef> connectionRefs(CostCredentialSpec spec) {
    List<ConnectionRef> refs = new ArrayList<>();
    // An invalid union (none or several members) references nothing: the reconcile reports it.
    if (spec.getProvider() != null && spec.getProvider().kind().isPresent()) {
      refs.add(
          ProviderFactory.match(
              spec.getProvider(), vantage -> null, AwsIamAccessKeySpec::getConnectionRef));
    }
    if (spec.getStores() != null) {
      for (StoreSpec s : spec.getStores()) {
        if (s.kind().isPresent()) {
          refs.add(
              StoreFactory.match(
                  s,
                  kubernetes -> null,
                  VaultStoreSpec::getConnectionRef,
                  AwsSecretsManagerStoreSpec::getConnectionRef));
        }
      }
    }
    refs.removeIf(r -> r == null || r.getName() == null || r.getName().isBlank());
    return refs;
  }

  private void connectionSecrets(ConnectionRef ref, String ns, Set<Key> out) {
    boolean platform = ref.getKind() == ConnectionKind.ClusterCredentialConnection;
    Optional<VaultConnectionSpec> vault;
    Optional<AwsConnectionSpec> aws;
    try {
      if (platform) {
        var c = connections.cluster(ref.getName()).map(x -> x.getSpec());
        vault = c.map(x -> x.getVault());
        aws = c.map(x -> x.getAws());
      } else {
        var c = connections.namespaced(ns, ref.getName()).map(x -> x.getSpec());
        vault = c.map(x -> x.getVault());
        aws = c.map(x -> x.getAws());
      }
    } catch (RuntimeException e) {
      return; // unreadable connections: the reconcile reports it; nothing to watch yet
    }
    String secretNs = platform ? operatorNamespace : ns;
    vault.map(VaultConnectionSpec::getAuth).ifPresent(a -> vaultSecrets(a, secretNs, out));
    aws.ifPresent(
        a -> {
          addRef(out, secretNs, a.getAccessKeyIdSecretRef());
          addRef(out, secretNs, a.getSecretAccessKeySecretRef());
        });
  }

  private static void vaultSecrets(VaultAuthSpec a, String ns, Set<Key> out) {
    if (a.getAppRole() != null) {
      addRef(out, ns, a.getAppRole().getRoleIdSecretRef());
      addRef(out, ns, a.getAppRole().getSecretIdSecretRef());
    }
    addRef(out, ns, a.getTokenSecretRef());
  }

  private static void addRef(Set<Key> out, String ns, SecretKeyRef ref) {
    if (ref != null) {
      add(out, ns, ref.getName());
    }
  }

  private static void add(Set<Key> out, String ns, String name) {
    if (ns != null && name != null && !name.isBlank()) {
      out.add(new Key(ns, name));
    }
  }
}
