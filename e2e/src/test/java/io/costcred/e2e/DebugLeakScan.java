package io.costcred.e2e;

import static io.costcred.e2e.support.Specs.k8sStore;
import static io.costcred.e2e.support.Specs.smStore;
import static io.costcred.e2e.support.Specs.vaultStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.Specs;
import io.costcred.e2e.support.TenantWorld;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator process runs with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=debug} (every
 * logger: AWS SDK, HTTP clients, fabric8, JOSDK). A Vantage token rotated into a Kubernetes Secret,
 * OpenBao (platform connection, Kubernetes auth with a real TokenReview) and moto Secrets Manager
 * appears in none of its output, nor in status or Events.
 */
final class DebugLeakScan {
  private static final Pattern LEVEL =
      Pattern.compile(" (TRACE|DEBUG|INFO|WARN|ERROR) ([\\w.$]+) - ");
  private static final Pattern VAULT_TOKEN =
      Pattern.compile("(?<![A-Za-z0-9_.-])(?:hv[sb]|[sbr])\\.[A-Za-z0-9]{24,}");
  private final IsolationFixture f;
  private final TenantWorld w;

  DebugLeakScan(IsolationFixture f) {
    this.f = f;
    this.w = f.world;
  }

  void run() {
    List<String> pool = f.pool("all-pool", 2);
    String path = "teams/" + w.teamA + "/vantage";
    String secretId = "costcred/" + w.teamA + "/vantage";
    long started = System.nanoTime();
    f.tenantCr(
        Specs.vantage(
            w.teamA,
            "all-stores",
            w.vantage.baseUrl().toString(),
            "all-pool",
            List.of(
                k8sStore("all-out"),
                vaultStore("ClusterCredentialConnection", f.platformVault, "secret", path),
                smStore("ClusterCredentialConnection", f.platformAws, secretId)),
            null));
    Cr c =
        w.awaitCr(
            w.teamA,
            "all-stores",
            "all-stores rotated",
            Duration.ofSeconds(120),
            TenantIsolationIT::settled);
    long millis = (System.nanoTime() - started) / 1_000_000L;
    String current =
        pool.stream()
            .filter(t -> w.fingerprints().ofToken(t).equals(c.currentFingerprint()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("current token is not from the pool"));
    boolean inSecret = w.secretData(w.teamA, "all-out").containsValue(current);
    var kv = w.bao.read(path);
    boolean inBao = kv != null && kv.at("/data").toString().contains(current);
    String sm = w.moto.secretValue(secretId);
    boolean inSm = sm != null && sm.contains(current);

    String out = w.operator().output();
    Map<String, Integer> debugByLogger = new TreeMap<>();
    long lines = 0;
    for (String line : out.lines().toList()) {
      lines++;
      Matcher m = LEVEL.matcher(line);
      if (m.find() && m.group(1).equals("DEBUG")) {
        String logger = m.group(2);
        String top =
            logger.contains(".")
                ? String.join(
                    ".",
                    List.of(logger.split("\\."))
                        .subList(0, Math.min(2, logger.split("\\.").length)))
                : logger;
        debugByLogger.merge(top, 1, Integer::sum);
      }
    }
    // The operator's own OpenBao client tokens (from its logins) are unknown to the test: look for
    // their shape (s., b., r., hvs. or hvb. and 24 or more characters of base62).
    List<String> vaultTokens = new java.util.ArrayList<>();
    Matcher t = VAULT_TOKEN.matcher(out);
    while (t.find()) {
      vaultTokens.add(t.group());
    }
    TenantIsolationIT.LOG.info(
        "MEASURED (debug) rotated in {} ms into Secret {}, OpenBao {}, Secrets Manager {}; operator"
            + " output {} lines, {} bytes; DEBUG lines by logger {}; Vault-token-shaped strings {}",
        millis,
        inSecret,
        inBao,
        inSm,
        lines,
        out.length(),
        debugByLogger,
        vaultTokens.size());
    assertThat(inSecret).as("token in the Kubernetes Secret").isTrue();
    assertThat(inBao).as("token in OpenBao").isTrue();
    assertThat(inSm).as("token in Secrets Manager").isTrue();
    assertThat(debugByLogger.keySet())
        .as("loggers other than the operator's own at debug")
        .anyMatch(k -> !k.startsWith("io.costcred"));
    assertThat(vaultTokens.size()).as("Vault-token-shaped strings in the output").isZero();
    w.assertNoLeaks();
  }
}
