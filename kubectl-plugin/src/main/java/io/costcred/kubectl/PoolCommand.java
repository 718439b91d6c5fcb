package io.costcred.kubectl;

import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code kubectl costcred pool NAME}: tokens left and the pool Secret's key names, never values.
 */
@Command(
    name = "pool",
    mixinStandardHelpOptions = true,
    description = {
      "Show how many usable tokens the pool has left (status.poolRemaining) and the pool Secret's"
          + " key names in the order the operator takes them. Never prints token values.",
      "Exit code 1 when no usable token is left or the pool Secret is missing."
    })
public final class PoolCommand extends Subcommand {
  /** The Degraded reasons that are about the pool. */
  private static final Set<String> POOL_REASONS =
      Set.of(Reasons.POOL_EMPTY, Reasons.POOL_LOW, Reasons.POOL_TOKEN_MALFORMED);

  @Parameters(index = "0", paramLabel = "NAME", description = "The CostCredential.")
  String name;

  @Override
  public Integer call() {
    String ns = namespace();
    CredentialView v = api().get(ns, name);
    String pool = v.poolSecretName();
    Long remaining = v.poolRemaining();
    Fields f = new Fields();
    f.add("CostCredential", ns + "/" + name);
    f.add("Pool Secret", pool);
    f.add(
        "Usable Tokens",
        (remaining == null ? "unknown (no status yet)" : String.valueOf(remaining))
            + " (status.poolRemaining; low watermark "
            + v.lowWatermark()
            + ")");
    v.condition(Reasons.DEGRADED)
        .filter(CredentialView.Condition::isTrue)
        .filter(c -> POOL_REASONS.contains(c.reason()))
        .ifPresent(c -> f.add("Warning", c.reason() + ": " + c.message()));
    if (pool == null) {
      f.print(out(), "");
      return remaining != null && remaining > 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
    Optional<List<String>> keys;
    try {
      keys = api().secretKeys(ns, pool);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        f.add(
            "Keys", "not shown: you may not get Secret " + pool + " (403); count from status only");
        f.print(out(), "");
        return remaining != null && remaining > 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
      }
      throw Api.error("get secret " + ns + "/" + pool, e);
    }
    if (keys.isEmpty()) {
      f.add(
          "Keys",
          "the pool Secret does not exist (the operator reports " + Reasons.SECRET_NOT_FOUND + ")");
      f.print(out(), "");
      return ExitCodes.CHECK_FAILED;
    }
    List<String> k = keys.get();
    f.add("Keys", k.size() + (k.isEmpty() ? "" : ", taken in this order:"));
    f.print(out(), "");
    k.forEach(key -> out().println("  " + Text.safe(key, Text.LINE)));
    if (remaining != null && remaining != k.size()) {
      out()
          .println(
              "Note: "
                  + k.size()
                  + " key(s) but "
                  + remaining
                  + " usable: malformed tokens (PoolTokenMalformed) and tokens already taken are"
                  + " skipped.");
    }
    boolean ok = remaining != null ? remaining > 0 : !k.isEmpty();
    return ok ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
