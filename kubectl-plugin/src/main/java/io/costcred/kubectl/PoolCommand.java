package io.costcred.kubectl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description =
          "table (default; wide is the same), json or yaml: pool Secret, usable count, low"
              + " watermark, key names (never values) and the exit verdict.")
  Output output;

  @Override
  public Integer call() {
    String ns = namespace();
    CredentialView v = api().get(ns, name);
    String pool = v.poolSecretName();
    Long remaining = v.poolRemaining();
    String warning =
        v.condition(Reasons.DEGRADED)
            .filter(CredentialView.Condition::isTrue)
            .filter(c -> POOL_REASONS.contains(c.reason()))
            .map(c -> c.reason() + ": " + c.message())
            .orElse(null);
    Keys keys = pool == null ? Keys.NONE : keys(ns, pool);
    boolean ok =
        keys.missing()
            ? false
            : remaining != null ? remaining > 0 : keys.names() != null && !keys.names().isEmpty();
    if (output.structured()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("name", name).put("namespace", ns).put("poolSecret", pool);
      o.putPOJO("poolRemaining", remaining).put("lowWatermark", v.lowWatermark());
      o.put("secretExists", !keys.missing());
      if (keys.names() != null) {
        keys.names().forEach(o.putArray("keys")::add);
      } else {
        o.putNull("keys");
      }
      o.put("warning", warning).put("ok", ok);
      Printer.print(api(), out(), output, o);
      return ok ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
    table(ns, v, keys, warning);
    return ok ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }

  /** The pool Secret's key names (null when not readable or no pool Secret), or it is missing. */
  record Keys(List<String> names, boolean missing, boolean forbidden) {
    static final Keys NONE = new Keys(null, false, false);
  }

  private Keys keys(String ns, String pool) {
    try {
      Optional<List<String>> k = api().secretKeys(ns, pool);
      return k.map(names -> new Keys(names, false, false)).orElse(new Keys(null, true, false));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return new Keys(null, false, true);
      }
      throw Api.error("get secret " + ns + "/" + pool, e);
    }
  }

  private void table(String ns, CredentialView v, Keys keys, String warning) {
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
    if (warning != null) {
      f.add("Warning", warning);
    }
    if (keys.forbidden()) {
      f.add("Keys", "not shown: you may not get Secret " + pool + " (403); count from status only");
    } else if (keys.missing()) {
      f.add(
          "Keys",
          "the pool Secret does not exist (the operator reports " + Reasons.SECRET_NOT_FOUND + ")");
    }
    if (keys.names() == null) {
      f.print(out(), "");
      return;
    }
    List<String> k = keys.names();
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
  }
}
