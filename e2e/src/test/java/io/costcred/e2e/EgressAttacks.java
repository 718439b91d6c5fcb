package io.costcred.e2e;

import static io.costcred.e2e.support.Specs.k8sStore;
import static io.costcred.e2e.support.Specs.smStore;
import static io.costcred.e2e.support.Specs.vaultStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.E2eEnv;
import io.costcred.e2e.support.Moto;
import io.costcred.e2e.support.Specs;
import io.costcred.e2e.support.Tenant;
import io.costcred.e2e.support.TenantWorld;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * (e) Every URL a tenant (or an admin) writes must be on {@code --egress-allow}: {@code http://} to
 * a host listed for https only, a host or port not listed, a redirect from a listed host, and a
 * webhook URL. Each is refused with reason {@code EgressNotAllowed} and the trap servers count 0.
 */
final class EgressAttacks {
  private final IsolationFixture f;
  private final TenantWorld w;
  private final Tenant mallory;

  EgressAttacks(IsolationFixture f, Tenant mallory) {
    this.f = f;
    this.w = f.world;
    this.mallory = mallory;
  }

  void run() {
    String fake = w.vantage.baseUrl().toString();
    Map<String, Integer> api = new LinkedHashMap<>();
    api.put("e-vantage-http", vantage("e-vantage-http", w.trapHttp.httpUrl(), List.of()));
    api.put(
        "e-vantage-unlisted", vantage("e-vantage-unlisted", w.trapUnlisted.httpUrl(), List.of()));
    api.put(
        "e-vantage-localhost",
        vantage(
            "e-vantage-localhost",
            "http://localhost:" + w.capture.port() + "/e-localhost",
            List.of()));

    storesAndConnections(api, fake);
    api.put("e-redirect", vantage("e-redirect", w.redirector.httpUrl(), List.of()));
    TenantIsolationIT.LOG.info("MEASURED (e) API answers (0 = accepted): {}", api);
    assertRefused(api);
  }

  /** Vault address and AWS endpoint, in tenant connections and in an admin's connection. */
  private void storesAndConnections(Map<String, Integer> api, String fake) {
    String vaultToken = "e-vault-token-" + UUID.randomUUID();
    w.leaks.add(vaultToken);
    w.secret(w.teamA, "e-vault-token", Map.of("token", E2eEnv.b64(vaultToken)));
    int conn =
        w.tryCreate(
            mallory.client(),
            Specs.tenantVaultToken(w.teamA, "e-vault", w.trapUnlisted.httpUrl(), "e-vault-token"));
    api.put("CredentialConnection e-vault", conn);
    api.put(
        "e-vault",
        vantage(
            "e-vault",
            fake,
            List.of(vaultStore("CredentialConnection", "e-vault", "secret", "x"))));

    String cluster = "e-vault-cluster-" + f.id;
    w.apply(
        Specs.clusterVault(
            cluster,
            List.of(w.teamA),
            w.trapHttp.httpUrl(),
            "costcred-{namespace}",
            IsolationFixture.VAULT_SA,
            w.opNs));
    api.put(
        "e-vault-cluster",
        vantage(
            "e-vault-cluster",
            fake,
            List.of(
                vaultStore(
                    "ClusterCredentialConnection", cluster, "secret", "teams/" + w.teamA + "/x"))));

    String awsSecret = "e-aws-secret-" + UUID.randomUUID();
    w.leaks.add(awsSecret);
    w.secret(
        w.teamA,
        "e-aws-keys",
        Map.of("id", E2eEnv.b64(Moto.fakeKeyId("tenant")), "secret", E2eEnv.b64(awsSecret)));
    api.put(
        "CredentialConnection e-aws",
        w.tryCreate(
            mallory.client(),
            Specs.tenantAws(w.teamA, "e-aws", w.trapUnlisted.httpUrl(), "e-aws-keys")));
    api.put(
        "e-aws",
        vantage(
            "e-aws",
            fake,
            List.of(smStore("CredentialConnection", "e-aws", "costcred/" + w.teamA + "/x"))));
  }

  private void assertRefused(Map<String, Integer> api) {
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    for (var e : api.entrySet()) {
      String name = e.getKey();
      if (e.getValue() != 0
          || name.startsWith("CredentialConnection")
          || name.equals("e-redirect")) {
        continue;
      }
      Cr c = w.awaitReason(w.teamA, name, TenantIsolationIT.SETTLE, "EgressNotAllowed");
      reasons.put(name, TenantWorld.reasons(c));
    }
    w.await("the redirector was asked", TenantIsolationIT.SETTLE, () -> w.redirector.count() > 0);
    Cr redirected =
        w.awaitCr(
            w.teamA,
            "e-redirect",
            "e-redirect failed",
            TenantIsolationIT.SETTLE,
            c -> c.text("/status/lastFailure/reason") != null && c.currentFingerprint() == null);
    reasons.put("e-redirect", TenantWorld.reasons(redirected));
    webhook(reasons);
    TenantIsolationIT.LOG.info(
        "MEASURED (e) reasons {}; trap-http {} requests, trap-unlisted {}, capture /e-localhost {},"
            + " redirector {}",
        reasons,
        w.trapHttp.count(),
        w.trapUnlisted.count(),
        w.capture.requests("/e-localhost").size(),
        w.redirector.count());
    assertThat(w.trapHttp.count()).as("requests to http:// of an https-only host").isZero();
    assertThat(w.trapUnlisted.count())
        .as("requests to an unlisted host or after a redirect")
        .isZero();
    assertThat(w.capture.requests("/e-localhost"))
        .as("requests to an unlisted host name")
        .isEmpty();
  }

  /** The webhook URL comes from a Secret; an emergency must not send it anywhere unlisted. */
  private void webhook(Map<String, List<String>> reasons) {
    String path = "/hook/" + UUID.randomUUID();
    w.leaks.add(path);
    w.secret(w.teamA, "e-hook-url", Map.of("url", E2eEnv.b64(w.trapUnlisted.httpUrl() + path)));
    assertThat(
            f.tryVantageCr(
                "e-hook",
                w.vantage.baseUrl().toString(),
                List.of(k8sStore("e-hook-out")),
                "notification:\n  webhookUrlSecretRef: {name: e-hook-url, key: url}\n"))
        .isZero();
    w.awaitCr(
        w.teamA, "e-hook", "e-hook settled", TenantIsolationIT.SETTLE, TenantIsolationIT::settled);
    w.tryAnnotate(
        mallory.client(),
        w.teamA,
        "e-hook",
        mallory.username(),
        "costcred.io/emergency-rotation",
        "webhook egress test");
    Cr done =
        w.awaitCr(
            w.teamA,
            "e-hook",
            "e-hook emergency completed",
            TenantIsolationIT.SETTLE,
            c -> "Completed".equals(c.text("/status/lastEmergencyRotation/outcome")));
    long refusedLines =
        w.operator()
            .output()
            .lines()
            .filter(l -> l.contains("e-hook") && l.contains("egress allow-list"))
            .count();
    List<String> eventReasons =
        w.events(w.teamA, "e-hook").stream().map(e -> e.getReason()).toList();
    reasons.put(
        "e-hook (webhook)",
        List.of(
            "log lines naming the egress refusal: " + refusedLines,
            "Events: " + eventReasons,
            "conditions: " + TenantWorld.reasons(done)));
    assertThat(refusedLines).as("log lines that say the webhook was refused").isPositive();
  }

  private int vantage(String name, String baseUrl, List<String> more) {
    List<String> stores = new java.util.ArrayList<>(List.of(k8sStore(name + "-out")));
    stores.addAll(more);
    return f.tryVantageCr(name, baseUrl, stores, null);
  }
}
