package io.costcred.e2e;

import static io.costcred.e2e.support.Specs.k8sStore;
import static io.costcred.e2e.support.Specs.smStore;
import static io.costcred.e2e.support.Specs.vaultStore;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.Specs;
import io.costcred.e2e.support.Tenant;
import io.costcred.e2e.support.TenantWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant isolation (issue 10, docs/design/tenant-isolation.md) attacked on the real local cluster:
 * the packaged operator runs as its own process with the chart's ServiceAccount and RBAC (at debug
 * level for every logger), and the attacker is a ServiceAccount of team-a that holds only {@code
 * costcred-edit} there (and, where said, {@code costcred-emergency-rotator}). Team-b has its own
 * OpenBao path, Secrets Manager secret and IAM user on real OpenBao and moto. Every attack asserts
 * a measured outcome, and each number is logged as {@code MEASURED ...} for the closing note.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantIsolationIT {
  static final Logger LOG = LoggerFactory.getLogger(TenantIsolationIT.class);
  static final Duration SETTLE = Duration.ofSeconds(90);
  static final String CCONN = "ClusterCredentialConnection";
  static final String CONN = "CredentialConnection";

  final String id = Long.toString(System.nanoTime(), 36);
  IsolationFixture f;
  TenantWorld w;
  Tenant mallory;
  Tenant oncall;

  @BeforeAll
  void setUp() throws Exception {
    f = IsolationFixture.create(id);
    w = f.world;
    mallory = f.mallory;
    oncall = f.oncall;
  }

  @AfterAll
  void tearDown() {
    if (f != null) {
      LOG.info(
          "MEASURED trap servers at the end: trap-http {} requests, trap-unlisted {} requests",
          w.trapHttp.count(),
          w.trapUnlisted.count());
      try {
        assertThat(w.trapHttp.count() + w.trapUnlisted.count())
            .as("requests that reached a host outside --egress-allow during the whole suite")
            .isZero();
      } finally {
        f.close();
      }
    }
  }

  @Test
  @Order(0)
  void theAttackerIsOnlyANamespaceEditor() {
    assertThat(mallory.canI("get", "", "secrets", w.teamA)).isFalse();
    assertThat(mallory.canI("list", "", "secrets", w.teamA)).isFalse();
    assertThat(mallory.canI("get", "", "secrets", w.teamB)).isFalse();
    assertThat(mallory.canI("create", "costcred.io", "costcredentials", w.teamA)).isTrue();
    assertThat(mallory.canI("create", "costcred.io", "costcredentials", w.teamB)).isFalse();
    assertThat(mallory.canI("create", "costcred.io", "credentialconnections", w.teamA)).isTrue();
    assertThat(mallory.canI("create", "costcred.io", "clustercredentialconnections", null))
        .isFalse();
    assertThat(mallory.canI("patch", "costcred.io", "costcredentials/status", w.teamA)).isFalse();
    assertThat(oncall.canI("patch", "costcred.io", "costcredentials/status", w.teamA)).isTrue();
    int code = 0;
    try {
      mallory.client().secrets().inNamespace(w.teamA).list();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      code = e.getCode();
    }
    LOG.info("MEASURED attacker lists Secrets in its own namespace: HTTP {}", code);
    assertThat(code).isEqualTo(403);
  }

  /**
   * (a) A Vault address pointing at the attacker's listener (allowed egress, so requests really
   * arrive) receives nothing the API server authenticates as the operator.
   */
  @Test
  @Order(1)
  void a_vaultListenerCapturesNoOperatorToken() {
    w.capture.answer(400, "{\"errors\":[\"captured\"]}");
    // a1: the operator's identity lives in cluster connections, which the tenant cannot write.
    int denied =
        w.tryCreate(
            mallory.client(),
            Specs.clusterVault(
                "grab-" + id,
                List.of(w.teamA),
                w.capture.httpUrl(),
                "grab",
                w.chart().serviceAccount(),
                w.opNs));
    LOG.info("MEASURED (a) tenant creates a ClusterCredentialConnection: HTTP {}", denied);
    assertThat(denied).isEqualTo(403);

    // a2: a namespaced connection logs in as a ServiceAccount of team-a (audience vault).
    assertThat(
            w.tryCreate(
                mallory.client(),
                Specs.tenantVaultK8s(
                    w.teamA, "grab", w.capture.httpUrl(), "grab-own", f.tenantVaultSa, null)))
        .isZero();
    f.vantageCr("a-own", List.of(k8sStore("a-own-out"), vaultStore(CONN, "grab", "secret", "x")));
    // a3: a namespaced connection that names the operator's own ServiceAccount.
    int a3 =
        w.tryCreate(
            mallory.client(),
            Specs.tenantVaultK8s(
                w.teamA,
                "grab-op",
                w.capture.httpUrl(),
                "grab-op",
                w.chart().serviceAccount(),
                w.opNs));
    LOG.info(
        "MEASURED (a3) CredentialConnection naming the operator's ServiceAccount: HTTP {}", a3);
    if (a3 == 0) {
      f.vantageCr(
          "a-op", List.of(k8sStore("a-op-out"), vaultStore(CONN, "grab-op", "secret", "x")));
    }
    // a4: an admin's cluster connection pointed (by mistake) at the listener.
    w.apply(
        Specs.clusterVault(
            "captured-" + id,
            List.of(w.teamA),
            w.capture.httpUrl(),
            "captured",
            IsolationFixture.VAULT_SA,
            w.opNs));
    f.vantageCr(
        "a-cluster",
        List.of(
            k8sStore("a-cluster-out"),
            vaultStore(CCONN, "captured-" + id, "secret", "teams/" + w.teamA + "/x")));

    assertCapturedTokens(a3);
  }

  private void assertCapturedTokens(int a3) {
    String operatorUser = f.operatorUsername();
    // Control: the review below does recognise the operator's own API token.
    var control = w.review(w.operatorToken(), List.of());
    assertThat(control.getAuthenticated()).as("TokenReview of the operator's own token").isTrue();
    assertThat(control.getUser().getUsername()).isEqualTo(operatorUser);
    w.await(
        "logins of a-own and a-cluster captured",
        SETTLE,
        () -> f.capturedLogins("grab-own") > 0 && f.capturedLogins("captured") > 0);
    if (a3 == 0) {
      // Refused before any request: the connection names a ServiceAccount of another namespace.
      Cr c = w.awaitReason(w.teamA, "a-op", SETTLE, "ConnectionNotAllowed");
      LOG.info(
          "MEASURED (a3) a-op reasons {}, logins captured for role grab-op: {}",
          TenantWorld.reasons(c),
          f.capturedLogins("grab-op"));
      assertThat(f.capturedLogins("grab-op")).isZero();
    }
    List<String> jwts = f.capturedJwts();
    jwts.forEach(w.leaks::add);
    LOG.info(
        "MEASURED (a) capture server: {} requests, {} distinct JWTs captured",
        w.capture.count(),
        jwts.size());
    assertThat(jwts).isNotEmpty();
    java.util.Set<String> vaultUsers = new java.util.TreeSet<>();
    for (String jwt : jwts) {
      var apiAudience = w.review(jwt, List.of());
      var vaultAudience = w.review(jwt, List.of("vault"));
      String user = vaultAudience.getUser() == null ? null : vaultAudience.getUser().getUsername();
      LOG.info(
          "MEASURED (a) captured JWT: TokenReview default audiences authenticated={}, audience vault"
              + " authenticated={} as {}",
          apiAudience.getAuthenticated(),
          vaultAudience.getAuthenticated(),
          user);
      assertThat(Boolean.TRUE.equals(apiAudience.getAuthenticated()))
          .as("a captured token is accepted by the API server")
          .isFalse();
      assertThat(Boolean.TRUE.equals(vaultAudience.getAuthenticated()))
          .as("a captured token is a bound token with audience vault")
          .isTrue();
      vaultUsers.add(user);
    }
    // Exactly the ServiceAccounts the connections name (rules 3 and 4), never the operator's.
    assertThat(vaultUsers)
        .containsExactlyInAnyOrder(
            "system:serviceaccount:" + w.teamA + ":" + f.tenantVaultSa,
            "system:serviceaccount:" + w.opNs + ":" + IsolationFixture.VAULT_SA)
        .doesNotContain(operatorUser);
    assertThat(f.capturedJwtUsers()).doesNotContain(operatorUser);
  }

  /**
   * (b) No spec field lets team-a read, write or delete team-b's OpenBao path, Secrets Manager
   * secret or IAM keys.
   */
  @Test
  @Order(2)
  void b_noFieldReachesTeamB() {
    IsolationFixture.TeamBSnapshot before = f.teamB();
    String b = w.teamB;
    String vaultConn = f.platformVault;
    String awsConn = f.platformAws;
    Map<String, List<String>> attacks = new java.util.LinkedHashMap<>();
    attacks.put(
        "b-vault", List.of(vaultStore(CCONN, vaultConn, "secret", "teams/" + b + "/vantage")));
    attacks.put(
        "b-vault-dots",
        List.of(
            vaultStore(CCONN, vaultConn, "secret", "teams/" + w.teamA + "/../" + b + "/vantage")));
    attacks.put(
        "b-vault-mount",
        List.of(vaultStore(CCONN, vaultConn, "secret/data/teams/" + b, "vantage")));
    attacks.put("b-sm", List.of(smStore(CCONN, awsConn, "costcred/" + b + "/vantage")));
    attacks.put(
        "b-sm-arn",
        List.of(
            smStore(
                CCONN,
                awsConn,
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:costcred/"
                    + b
                    + "/vantage")));
    attacks.put(
        "b-not-selected",
        List.of(vaultStore(CCONN, f.teamBOnlyVault, "secret", "teams/" + w.teamA + "/vantage")));
    attacks.put("b-missing", List.of(vaultStore(CONN, "no-such-connection", "secret", "x")));
    Map<String, Integer> apiRefusals = new java.util.LinkedHashMap<>();
    for (var e : attacks.entrySet()) {
      List<String> stores = new ArrayList<>(List.of(k8sStore(e.getKey() + "-out")));
      stores.addAll(e.getValue());
      int code = f.tryVantageCr(e.getKey(), w.vantage.baseUrl().toString(), stores, null);
      apiRefusals.put(e.getKey(), code);
    }
    int iam =
        w.tryCreate(mallory.client(), Specs.iam(w.teamA, "b-iam", awsConn, f.userB, "b-iam-out"));
    apiRefusals.put("b-iam", iam);
    int inline = inlineShape();
    apiRefusals.put("b-inline", inline);
    LOG.info("MEASURED (b) API answers (0 = accepted): {}", apiRefusals);
    assertThat(inline).as("inline Vault address/auth without connectionRef").isEqualTo(422);

    awaitTeamBRefusals(apiRefusals, iam);
    IsolationFixture.TeamBSnapshot after = f.teamB();
    LOG.info(
        "MEASURED (b) team-b before/after: OpenBao version {} -> {}, Secrets Manager versions {} ->"
            + " {}, IAM keys {} -> {}",
        before.vaultVersion(),
        after.vaultVersion(),
        before.smVersions().size(),
        after.smVersions().size(),
        before.iamKeys().size(),
        after.iamKeys().size());
    assertThat(after).isEqualTo(before);
    // Adoption would read a store and verify its value against the Vantage API (the fake counts
    // every token it is shown).
    int shown = w.vantage.requestCount(f.teamBVaultValue) + w.vantage.requestCount(f.teamBSmValue);
    LOG.info("MEASURED (b) team-b values shown to the Vantage API: {} requests", shown);
    assertThat(shown).as("team-b values read and sent on").isZero();
    assertThat(f.capturedContainsTeamBValue()).as("team-b values sent to the attacker").isFalse();
  }

  /**
   * (b2) Templates compare names, not owners: with {@code cost-{namespace}-*}, a namespace whose
   * name is a prefix of another's ({@code team-a-x} and {@code team-a-x-ops}) would match the
   * other's IAM users. The API server refuses such a template; with the delimited {@code
   * cost.{namespace}.*} the user of namespace {@code <team-a>-ops} stays out of team-a's reach.
   */
  @Test
  @Order(2)
  void b2_namespaceNamePrefixDoesNotReachAnotherTeamsUser() {
    int ambiguous =
        w.tryCreate(
            w.admin,
            Specs.clusterAws("b2-ambiguous", List.of(w.teamA), "http://127.0.0.1:1")
                .replace(Specs.IAM_USERS, "cost-{namespace}-*"));
    LOG.info(
        "MEASURED (b2) ClusterCredentialConnection with cost-{namespace}-*: HTTP {}", ambiguous);
    assertThat(ambiguous).as("an ambiguous template is refused by the API server").isEqualTo(422);
    assertThat(w.lastRefusal).contains("{namespace} must be delimited");
    String victim = Specs.iamUser(w.teamA + "-ops", "cur");
    w.leaks.add(w.moto.userWithKey(victim).accessKey().secretAccessKey());
    Map<String, String> before = w.moto.keys(victim);
    f.tenantCr(Specs.iam(w.teamA, "b2-prefix", f.platformAws, victim, "b2-prefix-out"));
    Cr c =
        w.awaitCr(
            w.teamA,
            "b2-prefix",
            "b2-prefix refused or rotated",
            SETTLE,
            x -> settled(x) || TenantWorld.reasons(x).contains("DestinationNotAllowed"));
    w.scanIamSecret(w.teamA, "b2-prefix-out");
    Map<String, String> after = w.moto.keys(victim);
    LOG.info(
        "MEASURED (b2) IAM user {} of namespace {}-ops via template cost.{namespace}.*: reasons {},"
            + " keys {} -> {}, key published to team-a: {}",
        victim,
        w.teamA,
        TenantWorld.reasons(c),
        before.size(),
        after.size(),
        !w.secretData(w.teamA, "b2-prefix-out").isEmpty());
    assertThat(w.secretData(w.teamA, "b2-prefix-out")).as("another team's key in team-a").isEmpty();
    assertThat(after).isEqualTo(before);
  }

  /** The old inline shape (address + auth in the CostCredential) must no longer exist. */
  private int inlineShape() {
    return w.tryCreate(
        mallory.client(),
        Specs.vantage(
            w.teamA,
            "b-inline",
            w.vantage.baseUrl().toString(),
            "b-inline-pool",
            List.of(
                "- vault: {address: \""
                    + w.bao.address()
                    + "\", mount: secret, path: \"teams/"
                    + w.teamB
                    + "/vantage\", auth: {kubernetes: {role: costcred-"
                    + w.teamB
                    + "}}}\n"),
            null));
  }

  private void awaitTeamBRefusals(Map<String, Integer> apiRefusals, int iam) {
    Map<String, List<String>> reasons = new java.util.LinkedHashMap<>();
    for (var e : apiRefusals.entrySet()) {
      if (e.getValue() != 0 || e.getKey().equals("b-inline")) {
        continue;
      }
      String expected =
          switch (e.getKey()) {
            case "b-not-selected" -> "ConnectionNotAllowed";
            case "b-missing" -> "ConnectionNotFound";
            default -> "DestinationNotAllowed";
          };
      Cr c = w.awaitReason(w.teamA, e.getKey(), SETTLE, expected);
      reasons.put(e.getKey(), TenantWorld.reasons(c));
    }
    LOG.info("MEASURED (b) condition reasons: {}", reasons);
    // An emergency on the IAM attack must not touch team-b's keys either.
    if (iam == 0) {
      String failedInputs = w.cr(w.teamA, "b-iam").text("/status/lastFailure/inputs");
      int code =
          w.tryAnnotate(
              mallory.client(),
              w.teamA,
              "b-iam",
              mallory.username(),
              "costcred.io/emergency-rotation",
              "steal team-b keys");
      assertThat(code).as("emergency request on b-iam: %s", w.lastRefusal).isZero();
      // The request is a change of its own: the operator looks again and refuses again.
      Cr c =
          w.awaitCr(
              w.teamA,
              "b-iam",
              "b-iam emergency refused",
              SETTLE,
              x ->
                  !java.util.Objects.equals(x.text("/status/lastFailure/inputs"), failedInputs)
                      && TenantWorld.reasons(x).contains("DestinationNotAllowed"));
      LOG.info(
          "MEASURED (b) emergency on b-iam: failure inputs {} -> {}, {}",
          failedInputs,
          c.text("/status/lastFailure/inputs"),
          c.text("/status/lastFailure/reason"));
    }
  }

  /** (c) A forged status (emergency-rotator role) deletes and deactivates no IAM key. */
  @Test
  @Order(3)
  void c_forgedStatusDeletesNoKey() {
    new ForgedStatusAttack(f, oncall).run();
  }

  /** (d) A policyRef to a laxer policy does not escape the policy that selects the namespace. */
  @Test
  @Order(4)
  void d_laxerPolicyRefIsRefused() {
    List<String> pool = f.pool("d-pool", 1);
    f.tenantCr(
        Specs.vantage(
                w.teamA,
                "d-lax",
                w.vantage.baseUrl().toString(),
                "d-pool",
                List.of(k8sStore("d-lax-out")),
                "policyRef: " + f.laxPolicy + "\n")
            .replace("interval: 720h", "interval: 8760h"));
    Cr c = w.awaitReason(w.teamA, "d-lax", SETTLE, "PolicyViolation");
    f.tenantCr(
        Specs.vantage(
            w.teamA,
            "d-missing",
            w.vantage.baseUrl().toString(),
            "d-pool",
            List.of(k8sStore("d-missing-out")),
            "policyRef: no-such-policy-" + id + "\n"));
    Cr m = w.awaitReason(w.teamA, "d-missing", SETTLE, "PolicyUnavailable");
    LOG.info(
        "MEASURED (d) laxer policyRef reasons {}; missing policyRef reasons {}; pool left {} of 1;"
            + " fake Vantage requests with the pool token {}",
        TenantWorld.reasons(c),
        TenantWorld.reasons(m),
        w.secretData(w.teamA, "d-pool").size(),
        w.vantage.requestCount(pool.get(0)));
    assertThat(c.currentFingerprint()).isNull();
    assertThat(w.secretData(w.teamA, "d-lax-out")).isEmpty();
    assertThat(w.secretData(w.teamA, "d-missing-out")).isEmpty();
    assertThat(w.secretData(w.teamA, "d-pool")).hasSize(1);
    assertThat(w.vantage.requestCount(pool.get(0))).isZero();
  }

  /** (e) http:// or an unlisted host is refused before any request (capture servers count 0). */
  @Test
  @Order(5)
  void e_egressOutsideTheAllowListIsRefused() {
    new EgressAttacks(f, mallory).run();
  }

  /** (f) An emergency reason with a Slack mention and a newline arrives escaped and on one line. */
  @Test
  @Order(6)
  void f_emergencyReasonIsEscaped() {
    new EscapingAttack(f, mallory).run();
  }

  /** (g) A requester name other than the writer's is rejected by the API server. */
  @Test
  @Order(7)
  void g_spoofedRequesterIsRejected() {
    new RequesterAttack(f, mallory, oncall).run();
  }

  /** (h) Concurrent rotations of two CostCredentials on one pool never share a token. */
  @Test
  @Order(8)
  void h_sharedPoolNeverHandsOutATokenTwice() {
    new SharedPoolRace(f, mallory).run();
  }

  /**
   * Every logger at debug: a Vantage token rotated into a Kubernetes Secret, OpenBao (Kubernetes
   * auth, real TokenReview) and moto Secrets Manager leaves no secret value in the output.
   */
  @Test
  @Order(9)
  void debugLevelRotationIntoAllStoresLeaksNothing() {
    new DebugLeakScan(f).run();
  }

  static boolean settled(Cr c) {
    return c.currentFingerprint() != null && !c.rotating();
  }

  static JsonNode status(Cr c) {
    return c.json().at("/status");
  }
}
