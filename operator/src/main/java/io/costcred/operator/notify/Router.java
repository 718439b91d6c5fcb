package io.costcred.operator.notify;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.NotificationEvent;
import io.costcred.operator.api.v1alpha1.NotificationFormat;
import io.costcred.operator.api.v1alpha1.NotificationSpec;
import io.costcred.operator.connection.EgressPolicy;
import io.costcred.operator.core.CostCredException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a notification about one credential goes: the credential's own webhook ({@code
 * spec.notification}, a Secret in its namespace, checked against the egress allow-list because a
 * tenant chose it) and every admin route that selects it (a Secret in the operator's namespace,
 * trusted). Nothing else: a credential's events never reach another tenant's webhook unless an
 * admin route selects them.
 */
public final class Router {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  private final SecretValues secrets;
  private final EgressPolicy egress;
  private final Function<String, Map<String, String>> namespaceLabels;
  private final List<NotificationsConfig.Route> routes;
  private final String operatorNamespace;
  private final NotifyStats stats;

  /** One webhook call to make. */
  public record Delivery(String route, NotificationFormat format, WebhookUrl url) {}

  public Router(
      SecretValues secrets,
      EgressPolicy egress,
      Function<String, Map<String, String>> namespaceLabels,
      NotificationsConfig config,
      String operatorNamespace,
      NotifyStats stats) {
    this.secrets = secrets;
    this.egress = egress;
    this.namespaceLabels = namespaceLabels;
    this.routes = config.routes;
    this.operatorNamespace = operatorNamespace;
    this.stats = stats;
  }

  /** The deliveries for {@code event} about {@code cr}, one per distinct webhook URL. */
  public List<Delivery> route(CostCredential cr, NotificationEvent event) {
    List<Delivery> out = new ArrayList<>();
    Set<String> urls = new HashSet<>();
    tenant(cr, event).ifPresent(d -> add(out, urls, d));
    for (NotificationsConfig.Route r : routes) {
      if (r.wants(event) && selects(r, cr)) {
        admin(r).ifPresent(d -> add(out, urls, d));
      }
    }
    return out;
  }

  private static void add(List<Delivery> out, Set<String> urls, Delivery d) {
    if (urls.add(d.format() + " " + d.url().value())) {
      out.add(d);
    }
  }

  private Optional<Delivery> tenant(CostCredential cr, NotificationEvent event) {
    NotificationSpec n = cr.getSpec() == null ? null : cr.getSpec().getNotification();
    if (n == null || n.getWebhookUrlSecretRef() == null) {
      return Optional.empty();
    }
    boolean wants =
        n.getEvents() == null || n.getEvents().isEmpty()
            ? NotificationsConfig.DEFAULT_EVENTS.contains(event)
            : n.getEvents().contains(event);
    if (!wants) {
      return Optional.empty();
    }
    String ns = cr.getMetadata().getNamespace();
    String name = cr.getMetadata().getName();
    Optional<String> url = secrets.read(ns, n.getWebhookUrlSecretRef());
    if (url.isEmpty()) {
      stats.refused.incrementAndGet();
      LOG.warn("notification webhook Secret of {}/{} missing", ns, name);
      return Optional.empty();
    }
    try {
      egress.check(url.get(), "the notification webhook of " + ns + "/" + name);
    } catch (CostCredException e) {
      stats.refused.incrementAndGet();
      LOG.warn("notification webhook not sent: {}", e.getMessage()); // scheme, host, port only
      return Optional.empty();
    }
    NotificationFormat f = n.getFormat() == null ? NotificationFormat.Slack : n.getFormat();
    return Optional.of(new Delivery(ns + "/" + name, f, new WebhookUrl(url.get())));
  }

  private Optional<Delivery> admin(NotificationsConfig.Route r) {
    Optional<String> url = secrets.read(operatorNamespace, r.webhookUrlSecretRef);
    if (url.isEmpty()) {
      stats.refused.incrementAndGet();
      LOG.warn("notification route {}: its URL Secret is missing", r.name);
      return Optional.empty();
    }
    return Optional.of(new Delivery("route " + r.name, r.format, new WebhookUrl(url.get())));
  }

  private boolean selects(NotificationsConfig.Route r, CostCredential cr) {
    String ns = cr.getMetadata().getNamespace();
    if (!r.namespaces.isEmpty() && !r.namespaces.contains(ns)) {
      return false;
    }
    Map<String, String> labels = cr.getMetadata().getLabels();
    if (!contains(labels, r.credentialSelector)) {
      return false;
    }
    if (r.namespaceSelector.isEmpty()) {
      return true;
    }
    try {
      return contains(namespaceLabels.apply(ns), r.namespaceSelector);
    } catch (RuntimeException e) {
      // Namespace labels unknown (informer not started, RBAC): select nothing by them.
      LOG.warn("notification route {}: namespace labels of {} unavailable", r.name, ns);
      return false;
    }
  }

  private static boolean contains(Map<String, String> labels, Map<String, String> selector) {
    return selector.isEmpty()
        || (labels != null && labels.entrySet().containsAll(selector.entrySet()));
  }
}
