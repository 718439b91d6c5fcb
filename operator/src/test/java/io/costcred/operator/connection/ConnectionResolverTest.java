package io.costcred.operator.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.AllowedDestinations;
import io.costcred.operator.api.v1alpha1.AwsConnectionSpec;
import io.costcred.operator.api.v1alpha1.ClusterCredentialConnection;
import io.costcred.operator.api.v1alpha1.ClusterCredentialConnectionSpec;
import io.costcred.operator.api.v1alpha1.ConnectionKind;
import io.costcred.operator.api.v1alpha1.ConnectionRef;
import io.costcred.operator.api.v1alpha1.CredentialConnection;
import io.costcred.operator.api.v1alpha1.CredentialConnectionSpec;
import io.costcred.operator.api.v1alpha1.NamespaceSelection;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.costcred.operator.api.v1alpha1.ServiceAccountRef;
import io.costcred.operator.api.v1alpha1.VaultAuthSpec;
import io.costcred.operator.api.v1alpha1.VaultConnectionSpec;
import io.costcred.operator.api.v1alpha1.VaultKubernetesAuthSpec;
import io.costcred.operator.connection.ConnectionResolver.Use;
import io.costcred.operator.core.CostCredException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The access rules of docs/design/tenant-isolation.md, on in-memory connections. */
class ConnectionResolverTest {
  private final Map<String, ClusterCredentialConnection> clusterWide = new HashMap<>();
  private final Map<String, CredentialConnection> namespaced = new HashMap<>();
  private final Map<String, Map<String, String>> labels = new HashMap<>();
  private final ConnectionSource source =
      new ConnectionSource() {
        @Override
        public Optional<ClusterCredentialConnection> cluster(String name) {
          return Optional.ofNullable(clusterWide.get(name));
        }

        @Override
        public Optional<CredentialConnection> namespaced(String namespace, String name) {
          return Optional.ofNullable(namespaced.get(namespace + "/" + name));
        }

        @Override
        public Map<String, String> namespaceLabels(String namespace) {
          return labels.getOrDefault(namespace, Map.of());
        }
      };
  private final ConnectionResolver resolver =
      new ConnectionResolver(
          source,
          EgressPolicy.of(List.of("https://vault.example", "https://*.amazonaws.com")),
          "costcred-system");

  private static final ConnectionRef PLATFORM_VAULT =
      new ConnectionRef(ConnectionKind.ClusterCredentialConnection, "platform-vault");
  private static final ConnectionRef PLATFORM_AWS =
      new ConnectionRef(ConnectionKind.ClusterCredentialConnection, "platform-aws");

  ConnectionResolverTest() {
    NamespaceSelection sel = new NamespaceSelection();
    sel.setNames(List.of("team-a"));
    sel.setMatchLabels(Map.of("costcred.io/vault", "enabled"));
    AllowedDestinations allowed = new AllowedDestinations();
    allowed.setVaultPaths(List.of("secret/data/teams/{namespace}/*"));
    allowed.setAwsSecretNames(List.of("costcred/{namespace}/*"));
    allowed.setIamUsers(List.of("cost.{namespace}.*"));
    ClusterCredentialConnectionSpec vault = new ClusterCredentialConnectionSpec();
    vault.setAllowedNamespaces(sel);
    vault.setAllowed(allowed);
    vault.setVault(vault("https://vault.example", kubernetesAuth("costcred-system")));
    clusterWide.put("platform-vault", cluster("platform-vault", vault));
    ClusterCredentialConnectionSpec aws = new ClusterCredentialConnectionSpec();
    aws.setAllowedNamespaces(sel);
    aws.setAllowed(allowed);
    AwsConnectionSpec a = new AwsConnectionSpec();
    a.setRegion("us-east-1");
    a.setRoleArn("arn:aws:iam::111122223333:role/costcred-{namespace}");
    aws.setAws(a);
    clusterWide.put("platform-aws", cluster("platform-aws", aws));
    labels.put("team-c", Map.of("costcred.io/vault", "enabled"));
  }

  @Test
  void aPlatformConnectionServesOnlyTheNamespacesItSelects() {
    assertThat(
            resolver.resolve(
                PLATFORM_VAULT, "team-a", Use.VAULT_PATH, "secret/data/teams/team-a/x"))
        .satisfies(c -> assertThat(c.secretNamespace()).isEqualTo("costcred-system"));
    assertThat(
            resolver.resolve(
                PLATFORM_VAULT, "team-c", Use.VAULT_PATH, "secret/data/teams/team-c/x"))
        .isNotNull(); // selected by label
    assertRefused(
        () ->
            resolver.resolve(
                PLATFORM_VAULT, "team-b", Use.VAULT_PATH, "secret/data/teams/team-b/x"),
        Reasons.CONNECTION_NOT_ALLOWED);
  }

  @Test
  void aStoreMustNameAConnectionOfItsOwnType() {
    assertRefused(
        () ->
            resolver.resolve(PLATFORM_AWS, "team-a", Use.VAULT_PATH, "secret/data/teams/team-a/x"),
        Reasons.INVALID_SPEC,
        "is not a Vault connection");
    assertRefused(
        () -> resolver.resolve(PLATFORM_VAULT, "team-a", Use.AWS_SECRET, "costcred/team-a/x"),
        Reasons.INVALID_SPEC,
        "is not an AWS connection");
    assertRefused(
        () -> resolver.resolve(PLATFORM_VAULT, "team-a", Use.IAM_USER, "cost.team-a.cur"),
        Reasons.INVALID_SPEC,
        "is not an AWS connection");
  }

  @Test
  void anEmptySelectionSelectsNobody() {
    ClusterCredentialConnectionSpec spec = new ClusterCredentialConnectionSpec();
    spec.setVault(vault("https://vault.example", kubernetesAuth("costcred-system")));
    clusterWide.put("open", cluster("open", spec));
    assertRefused(
        () ->
            resolver.resolve(
                new ConnectionRef(ConnectionKind.ClusterCredentialConnection, "open"),
                "team-a",
                Use.VAULT_PATH,
                "secret/data/x"),
        Reasons.CONNECTION_NOT_ALLOWED);
  }

  @Test
  void destinationsMustMatchTheTemplatesForTheOwnNamespace() {
    for (String other :
        List.of(
            "secret/data/teams/team-b/x",
            "secret/data/teams/team-a/x/y", // * stays within one segment
            "secret/data/teams/team-a/../team-b/x",
            "secret/data/teams/team-a",
            "kv/data/teams/team-a/x")) {
      assertRefused(
          () -> resolver.resolve(PLATFORM_VAULT, "team-a", Use.VAULT_PATH, other),
          Reasons.DESTINATION_NOT_ALLOWED);
    }
    assertRefused(
        () -> resolver.resolve(PLATFORM_AWS, "team-a", Use.AWS_SECRET, "costcred/team-b/token"),
        Reasons.DESTINATION_NOT_ALLOWED);
    assertRefused(
        () -> resolver.resolve(PLATFORM_AWS, "team-a", Use.IAM_USER, "cost.team-b.exporter"),
        Reasons.DESTINATION_NOT_ALLOWED);
    assertThat(resolver.resolve(PLATFORM_AWS, "team-a", Use.IAM_USER, "cost.team-a.exporter"))
        .isNotNull();
  }

  @Test
  void aTemplateWhereTheNamespaceCouldRunIntoAnotherNamesNothing() {
    // With cost-{namespace}-*, namespace "team" would reach cost-team-x-cur of namespace "team-x".
    for (String t :
        List.of("cost-{namespace}-*", "cost-{namespace}*", "*-{namespace}/x", "a{namespace}")) {
      assertThat(Templates.unambiguous(t)).as(t).isFalse();
      assertThat(Templates.matches(t, "team", t.replace("{namespace}", "team").replace("*", "x")))
          .as(t)
          .isFalse();
    }
    for (String t :
        List.of("cost.{namespace}.*", "secret/data/teams/{namespace}/*", "{namespace}")) {
      assertThat(Templates.unambiguous(t)).as(t).isTrue();
    }
    assertThat(Templates.matches("cost.{namespace}.*", "team", "cost.team-x.cur")).isFalse();
  }

  @Test
  void theExternalIdAndRoleComeFromTheConnectionAndNamespaceNeverFromTheTenant() {
    ResolvedConnection c =
        resolver.resolve(PLATFORM_AWS, "team-a", Use.AWS_SECRET, "costcred/team-a/token");
    assertThat(c.externalId())
        .isEqualTo("costcred:ClusterCredentialConnection/platform-aws:team-a");
    assertThat(c.expand(c.aws().getRoleArn()))
        .isEqualTo("arn:aws:iam::111122223333:role/costcred-team-a");
  }

  @Test
  void aTenantConnectionMayNotUseTheOperatorsIdentityOrAnotherNamespace() {
    CredentialConnectionSpec noKeys = new CredentialConnectionSpec();
    AwsConnectionSpec aws = new AwsConnectionSpec();
    aws.setRegion("us-east-1");
    noKeys.setAws(aws);
    namespaced.put("team-a/mine", tenant("mine", noKeys));
    assertRefused(
        () ->
            resolver.resolve(
                new ConnectionRef(ConnectionKind.CredentialConnection, "mine"),
                "team-a",
                Use.AWS_SECRET,
                "anything"),
        Reasons.CONNECTION_NOT_ALLOWED);
    CredentialConnectionSpec foreignSa = new CredentialConnectionSpec();
    foreignSa.setVault(vault("https://vault.example", kubernetesAuth("team-b")));
    namespaced.put("team-a/sa", tenant("sa", foreignSa));
    assertRefused(
        () ->
            resolver.resolve(
                new ConnectionRef(ConnectionKind.CredentialConnection, "sa"),
                "team-a",
                Use.VAULT_PATH,
                "secret/data/x"),
        Reasons.CONNECTION_NOT_ALLOWED);
  }

  @Test
  void aTenantConnectionReadsOnlyItsOwnNamespaceAndHasNoTemplateLimit() {
    CredentialConnectionSpec own = new CredentialConnectionSpec();
    AwsConnectionSpec aws = new AwsConnectionSpec();
    aws.setRegion("us-east-1");
    aws.setAccessKeyIdSecretRef(new SecretKeyRef("keys", "id"));
    aws.setSecretAccessKeySecretRef(new SecretKeyRef("keys", "secret"));
    own.setAws(aws);
    namespaced.put("team-a/own", tenant("own", own));
    ResolvedConnection c =
        resolver.resolve(
            new ConnectionRef(null, "own"), "team-a", Use.AWS_SECRET, "whatever/the/team/owns");
    assertThat(c.secretNamespace()).isEqualTo("team-a");
    assertThat(c.clusterScoped()).isFalse();
    // The same name in another namespace is not found from team-b.
    assertRefused(
        () -> resolver.resolve(new ConnectionRef(null, "own"), "team-b", Use.AWS_SECRET, "x"),
        Reasons.CONNECTION_NOT_FOUND);
  }

  @Test
  void aVaultAddressOffTheAllowListIsRefusedBeforeAnyRequest() {
    CredentialConnectionSpec spec = new CredentialConnectionSpec();
    VaultAuthSpec token = new VaultAuthSpec();
    token.setTokenSecretRef(new SecretKeyRef("t", "token"));
    spec.setVault(vault("http://127.0.0.1:9", token));
    namespaced.put("team-a/capture", tenant("capture", spec));
    assertRefused(
        () -> resolver.resolve(new ConnectionRef(null, "capture"), "team-a", Use.VAULT_PATH, "s"),
        Reasons.EGRESS_NOT_ALLOWED);
  }

  @Test
  void aMissingOrMistypedReferenceIsNamed() {
    assertRefused(
        () -> resolver.resolve(null, "team-a", Use.VAULT_PATH, "s"), Reasons.INVALID_SPEC);
    assertRefused(
        () ->
            resolver.resolve(
                new ConnectionRef(ConnectionKind.ClusterCredentialConnection, "absent"),
                "team-a",
                Use.VAULT_PATH,
                "s"),
        Reasons.CONNECTION_NOT_FOUND);
    assertRefused(
        () ->
            resolver.resolve(PLATFORM_AWS, "team-a", Use.VAULT_PATH, "secret/data/teams/team-a/x"),
        Reasons.INVALID_SPEC);
  }

  private static void assertRefused(Runnable r, String reason) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            CostCredException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static void assertRefused(Runnable r, String reason, String message) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            CostCredException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(message);
            });
  }

  private static VaultConnectionSpec vault(String address, VaultAuthSpec auth) {
    VaultConnectionSpec v = new VaultConnectionSpec();
    v.setAddress(address);
    v.setAuth(auth);
    return v;
  }

  private static VaultAuthSpec kubernetesAuth(String saNamespace) {
    VaultKubernetesAuthSpec k = new VaultKubernetesAuthSpec();
    k.setRole("costcred-{namespace}");
    ServiceAccountRef sa = new ServiceAccountRef();
    sa.setName("costcred-vault");
    sa.setNamespace(saNamespace);
    k.setServiceAccountRef(sa);
    VaultAuthSpec a = new VaultAuthSpec();
    a.setKubernetes(k);
    return a;
  }

  private static ClusterCredentialConnection cluster(
      String name, ClusterCredentialConnectionSpec s) {
    ClusterCredentialConnection c = new ClusterCredentialConnection();
    c.getMetadata().setName(name);
    c.getMetadata().setResourceVersion("1");
    c.setSpec(s);
    return c;
  }

  private static CredentialConnection tenant(String name, CredentialConnectionSpec s) {
    CredentialConnection c = new CredentialConnection();
    c.getMetadata().setName(name);
    c.getMetadata().setResourceVersion("1");
    c.setSpec(s);
    return c;
  }
}
