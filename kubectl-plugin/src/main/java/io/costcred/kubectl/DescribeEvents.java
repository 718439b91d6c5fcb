package io.costcred.kubectl;

import io.costcred.operator.api.text.Text;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/**
 * The Events section of {@code describe}: core/v1 Events about the CostCredential, oldest first.
 */
final class DescribeEvents {
  private DescribeEvents() {}

  static void print(Api api, CredentialView v, Instant now, PrintWriter out) {
    List<Event> events;
    try {
      events = api.events(v.namespace(), v.name(), v.uid());
    } catch (KubernetesClientException e) {
      out.println(
          "Events:  <not shown: "
              + (e.getCode() == 403 ? "you may not list events (403)" : Api.describe("list", e))
              + ">");
      return;
    }
    if (events.isEmpty()) {
      out.println("Events:  <none>");
      return;
    }
    Table t = new Table("TYPE", "REASON", "AGE", "FROM", "MESSAGE");
    for (Event e : events) {
      String age = Times.age(Api.eventTime(e), now);
      Integer count = e.getCount();
      if (count != null && count > 1) {
        age = age + " (x" + count + " over " + Times.age(e.getFirstTimestamp(), now) + ")";
      }
      t.row(
          e.getType(),
          e.getReason(),
          age,
          source(e),
          e.getMessage() == null ? null : Text.safe(e.getMessage(), Text.LINE));
    }
    out.println("Events:");
    t.print(out, "  ");
  }

  private static String source(Event e) {
    if (e.getSource() != null && e.getSource().getComponent() != null) {
      return e.getSource().getComponent();
    }
    return e.getReportingComponent();
  }
}
