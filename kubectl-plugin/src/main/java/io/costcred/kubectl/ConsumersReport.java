package io.costcred.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costcred.kubectl.CredentialView.Consumer;
import io.costcred.kubectl.CredentialView.Revocation;
import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.RevocationState;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/**
 * How {@code consumers} and {@code describe} show {@code status.consumers}, {@code
 * status.consumersOmitted} and the revocations in state Held.
 */
final class ConsumersReport {
  static final String[] HEADERS = {
    "KIND", "NAME", "RESTART", "READS", "PODS", "CURRENT", "OLD", "OLD-PODS"
  };

  private ConsumersReport() {}

  /** One row per consumer, in the order of the status (restart targets first). */
  static Table table(List<Consumer> consumers) {
    Table t = new Table(HEADERS);
    for (Consumer c : consumers) {
      t.row(
          c.kind(),
          c.name(),
          c.restart(),
          String.join(",", c.reads()),
          number(c.pods()),
          number(c.podsCurrent()),
          number(c.podsOld()),
          oldPods(c));
    }
    return t;
  }

  /** The pod names the status keeps (at most 5), and how many more run on an old credential. */
  static String oldPods(Consumer c) {
    String names = String.join(",", c.oldPods());
    long more = c.podsOld() == null ? 0 : c.podsOld() - c.oldPods().size();
    if (more <= 0) {
      return names;
    }
    return names.isEmpty() ? "(" + more + " not named)" : names + " (+" + more + " more)";
  }

  /** The footer under the table when the status left consumers out, else null. */
  static String omittedLine(long omitted) {
    if (omitted <= 0) {
      return null;
    }
    return omitted
        + " more consumer(s) not listed (status.consumersOmitted: the status keeps the first 50).";
  }

  /** {@code Revocation of token X held since T: heldBy}, on one line. */
  static String heldLine(Revocation r, Instant now) {
    String by = r.heldBy() == null || r.heldBy().isBlank() ? "(no reason given)" : r.heldBy();
    return Text.safe(
        "Revocation of token "
            + r.tokenId()
            + " held since "
            + Times.withRelative(r.heldSince(), now)
            + ": "
            + by,
        Text.LINE);
  }

  /**
   * Prints the table (or a note that there is none), the footer, one line per held revocation and
   * how to let it proceed. Every line starts with {@code indent}.
   */
  static void print(CredentialView v, Instant now, PrintWriter out, String indent) {
    List<Consumer> consumers = v.consumers();
    if (consumers.isEmpty()) {
      out.println(
          indent
              + "No consumers in status: nothing reads the store Secrets, or the operator does"
              + " not discover consumers.");
    } else {
      table(consumers).print(out, indent);
    }
    String footer = omittedLine(v.consumersOmitted());
    if (footer != null) {
      out.println(indent + footer);
    }
    held(v, now, out, indent);
  }

  /** One line per held revocation, with whether it is acknowledged; nothing when none is held. */
  static void held(CredentialView v, Instant now, PrintWriter out, String indent) {
    List<Revocation> held = v.heldRevocations();
    if (held.isEmpty()) {
      return;
    }
    String ack = v.annotation(Annotations.ACKNOWLEDGE_HOLD);
    boolean waiting = false;
    for (Revocation r : held) {
      boolean acknowledged = ack != null && acknowledges(ack, r);
      waiting |= !acknowledged;
      out.println(
          indent
              + heldLine(r, now)
              + (acknowledged
                  ? Text.safe(
                      " [acknowledged: " + Annotations.ACKNOWLEDGE_HOLD + "=" + ack + "]",
                      Text.LINE)
                  : ""));
    }
    if (waiting) {
      out.println(
          indent
              + "To revoke anyway: kubectl costcred acknowledge-hold "
              + v.name()
              + " -n "
              + v.namespace()
              + (held.size() > 1 ? " --rotation <rotation id>" : ""));
    }
  }

  /** True when the annotation's value names this revocation (its rotation id or token id). */
  static boolean acknowledges(String value, Revocation r) {
    return r.token().map(t -> value.equals(t.rotationId()) || value.equals(t.id())).orElse(false);
  }

  /**
   * The consumers section for {@code -o json|yaml}: {@code consumers} and {@code consumersOmitted}
   * as stored, and {@code heldRevocations} (the pendingRevocations in state Held, as stored).
   */
  static ObjectNode section(CredentialView v) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("name", v.name());
    out.put("namespace", v.namespace());
    var consumers = out.putArray("consumers");
    Json.list(v.status(), "consumers").forEach(consumers::add);
    out.put("consumersOmitted", v.consumersOmitted());
    var held = out.putArray("heldRevocations");
    for (JsonNode r : Json.list(v.status(), "pendingRevocations")) {
      if (RevocationState.Held.name().equals(Json.text(r, "state"))) {
        held.add(r);
      }
    }
    return out;
  }

  private static String number(Long n) {
    return n == null ? null : String.valueOf(n);
  }
}
