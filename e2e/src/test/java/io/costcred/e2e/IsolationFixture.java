package io.costcred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.costcred.e2e.support.CaptureServer;
import io.costcred.e2e.support.Moto;
import io.costcred.e2e.support.Specs;
import io.costcred.e2e.support.Tenant;
import io.costcred.e2e.support.TenantWorld;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The world of {@link TenantIsolationIT}: team-a (the attacker's namespace, label {@code
 * costcred.io/tier=strict}) and team-b with data of their own on OpenBao and moto, platform
 * connections that serve both teams, two ClusterRotationPolicies, and the operator at debug level.
 */
final class IsolationFixture implements AutoCloseable {
  /** The chart creates it (vault.createServiceAccounts) for platform Vault Kubernetes auth. */
  static final String VAULT_SA = "costcred-vault";

  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  final TenantWorld world;
  final String id;
  final String platformVault;
  final String platformAws;
  final String teamBOnlyVault;
  final String strictPolicy;
  final String laxPolicy;
  final String userA;
  final String userB;
  final String tenantVaultSa = "vault-client";
  final String teamBVaultValue = "team-b-vault-" + UUID.randomUUID();
  final String teamBSmValue = "team-b-sm-" + UUID.randomUUID();
  final Tenant mallory;
  final Tenant oncall;

  private IsolationFixture(TenantWorld w, String id) throws Exception {
    this.world = w;
    this.id = id;
    platformVault = "platform-vault-" + id;
    platformAws = "platform-aws-" + id;
    teamBOnlyVault = "team-b-only-" + id;
    strictPolicy = "strict-" + id;
    laxPolicy = "lax-" + id;
    userA = Specs.iamUser(w.teamA, "cur");
    userB = Specs.iamUser(w.teamB, "cur");
    w.installChart(
        Map.of(
            "vault.serviceAccounts[0]", VAULT_SA,
            "vault.createServiceAccounts", "true",
            "rbac.tenantServiceAccountTokens", "true",
            "admissionPolicy.enabled", "true"));
    peers();
    w.apply(
        Specs.clusterVault(
            platformVault,
            List.of(w.teamA, w.teamB),
            w.bao.address(),
            "costcred-{namespace}",
            VAULT_SA,
            w.opNs));
    w.apply(Specs.clusterAws(platformAws, List.of(w.teamA, w.teamB), w.moto.endpoint()));
    w.apply(
        Specs.clusterVault(
            teamBOnlyVault,
            List.of(w.teamB),
            w.bao.address(),
            "costcred-{namespace}",
            VAULT_SA,
            w.opNs));
    w.apply(Specs.policy(strictPolicy, "strict", "2400h"));
    w.apply(Specs.policy(laxPolicy, "nobody-" + id, "87600h"));
    w.startOperator(
        List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug"),
        List.of("--egress-allow=" + String.join(",", egressAllow())),
        Map.of(
            "AWS_ACCESS_KEY_ID",
            Moto.ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY",
            Moto.SECRET_ACCESS_KEY,
            "AWS_REGION",
            "us-east-1",
            "AWS_EC2_METADATA_DISABLED",
            "true"));
    mallory = w.tenant(w.teamA, "mallory", List.of("costcred-edit"));
    oncall = w.tenant(w.teamA, "oncall", List.of("costcred-edit", "costcred-emergency-rotator"));
  }

  static IsolationFixture create(String id) throws Exception {
    TenantWorld w = TenantWorld.create("tenant-isolation");
    try {
      return new IsolationFixture(w, id);
    } catch (Exception | Error e) {
      try {
        w.close();
      } catch (AssertionError | RuntimeException c) {
        e.addSuppressed(c);
      }
      throw e;
    }
  }

  /** What the operator may call: the local peers and the attacker's allowed listener only. */
  private List<String> egressAllow() {
    return List.of(
        "http://127.0.0.1:" + world.bao.port(),
        "http://127.0.0.1:" + world.moto.port(),
        "http://127.0.0.1:" + world.vantage.port(),
        "http://127.0.0.1:" + world.capture.port(),
        "http://127.0.0.1:" + world.redirector.port(),
        "https://127.0.0.1:" + world.trapHttp.port());
  }

  /** Team data on OpenBao and moto, Vault roles per team, and team-a's ServiceAccount for Vault. */
  private void peers() {
    TenantWorld w = world;
    for (String team : List.of(w.teamA, w.teamB)) {
      w.bao.kubernetesRole("costcred-" + team, VAULT_SA, w.opNs, "vault");
    }
    w.bao.kubernetesRole("grab-own", tenantVaultSa, w.teamA, "vault");
    w.admin
        .serviceAccounts()
        .inNamespace(w.teamA)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(tenantVaultSa)
                .withNamespace(w.teamA)
                .endMetadata()
                .build())
        .create();
    w.leaks.add(teamBVaultValue);
    w.leaks.add(teamBSmValue);
    w.bao.put("teams/" + w.teamB + "/vantage", Map.of("token", teamBVaultValue));
    w.moto.createSecret("costcred/" + w.teamB + "/vantage", teamBSmValue);
    w.leaks.add(w.moto.userWithKey(userB).accessKey().secretAccessKey());
    w.moto.createUser(userA); // no key yet: the operator mints the first one
  }

  String operatorUsername() {
    return "system:serviceaccount:" + world.opNs + ":" + world.chart().serviceAccount();
  }

  /** A pool Secret of {@code n} fresh tokens in team-a (filled by the admin). */
  List<String> pool(String name, int n) {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tokens.add(world.issue(name + "-" + i));
    }
    world.pool(world.teamA, name, tokens);
    return tokens;
  }

  /** Creates a CostCredential as the attacker; it must be accepted. */
  void tenantCr(String yaml) {
    int code = world.tryCreate(mallory.client(), yaml);
    assertThat(code).as("creating as the tenant: %s", world.lastRefusal).isZero();
  }

  /** A Vantage CostCredential of team-a against the fake, with a fresh two-token pool. */
  void vantageCr(String name, List<String> stores) {
    assertThat(tryVantageCr(name, world.vantage.baseUrl().toString(), stores, null))
        .as("creating %s: %s", name, world.lastRefusal)
        .isZero();
  }

  /** The same with any base URL and extra spec; returns the API's answer (0 = accepted). */
  int tryVantageCr(String name, String apiBaseUrl, List<String> stores, String extra) {
    pool(name + "-pool", 2);
    return world.tryCreate(
        mallory.client(),
        Specs.vantage(world.teamA, name, apiBaseUrl, name + "-pool", stores, extra));
  }

  /** A second key for an IAM user, made by the admin outside the operator (scanned for). */
  String extraKey(String user) {
    var k = world.moto.createKey(user).accessKey();
    world.leaks.add(k.secretAccessKey());
    return k.accessKeyId();
  }

  /** Kubernetes auth logins the capture server received for {@code role}. */
  long capturedLogins(String role) {
    return world.capture.requests("/v1/auth/").stream()
        .filter(r -> r.body().contains("\"" + role + "\""))
        .count();
  }

  /** Every JWT the capture server saw, in bodies and headers. */
  List<String> capturedJwts() {
    Set<String> out = new LinkedHashSet<>();
    for (CaptureServer.Request r : world.capture.requests()) {
      List<String> texts = new ArrayList<>(List.of(r.body()));
      r.headers().values().forEach(texts::addAll);
      for (String t : texts) {
        Matcher m = JWT.matcher(t);
        while (m.find()) {
          out.add(m.group());
        }
      }
    }
    return List.copyOf(out);
  }

  /** Users the API server recognises in the captured JWTs (any audience it or Vault uses). */
  List<String> capturedJwtUsers() {
    List<String> users = new ArrayList<>();
    for (String jwt : capturedJwts()) {
      for (List<String> aud : List.of(List.<String>of(), List.of("vault"))) {
        var r = world.review(jwt, aud);
        if (Boolean.TRUE.equals(r.getAuthenticated())) {
          users.add(r.getUser().getUsername());
        }
      }
    }
    return users;
  }

  boolean capturedContainsTeamBValue() {
    return world.capture.requests().stream()
        .anyMatch(
            r ->
                (r.body() + r.headers()).contains(teamBVaultValue)
                    || (r.body() + r.headers()).contains(teamBSmValue));
  }

  /** Team-b's data as its admin sees it. */
  record TeamBSnapshot(
      String vaultData,
      long vaultVersion,
      String smValueHash,
      Map<String, List<String>> smVersions,
      Map<String, String> iamKeys) {}

  TeamBSnapshot teamB() {
    JsonNode v = world.bao.read("teams/" + world.teamB + "/vantage");
    String sm = world.moto.secretValue("costcred/" + world.teamB + "/vantage");
    return new TeamBSnapshot(
        v == null ? null : Integer.toHexString(v.path("data").toString().hashCode()),
        v == null ? -1 : v.at("/metadata/version").asLong(),
        sm == null ? null : Integer.toHexString(sm.hashCode()),
        world.moto.versions("costcred/" + world.teamB + "/vantage"),
        world.moto.keys(userB));
  }

  @Override
  public void close() {
    world.close();
  }
}
