package io.costcred.operator.notify;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.NotificationEvent;
import io.costcred.operator.connection.EgressPolicy;
import io.costcred.operator.rotation.RotationObserver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications for what the engine reports: emergency progress as it happens, failures and
 * revocations from the status stored after each pass ({@link Episodes}), to the routes {@link
 * Router} picks, through {@link Sender}. Never throws into a reconcile.
 */
public final class Notifier implements RotationObserver {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private final Episodes episodes;
  private final Router router;
  private final Sender sender;
  private final Clock clock;

  public Notifier(NotificationsConfig config, Router router, Sender sender, Clock clock) {
    this.episodes = new Episodes(clock, config.renotify(), config.failureThreshold);
    this.router = router;
    this.sender = sender;
    this.clock = clock;
  }

  /** The production notifier: URLs from Secrets, posts with {@code http}, counters on registry. */
  public static Notifier create(
      KubernetesClient client,
      OkHttpClient http,
      EgressPolicy egress,
      Function<String, Map<String, String>> namespaceLabels,
      NotificationsConfig config,
      String operatorNamespace,
      Clock clock,
      MeterRegistry registry) {
    NotifyStats stats = new NotifyStats().bind(registry);
    Router router =
        new Router(
            SecretValues.of(client), egress, namespaceLabels, config, operatorNamespace, stats);
    Sender sender =
        new Sender(http, Sender.Settings.of(config.queueCapacity, config.maxAttempts), stats);
    return new Notifier(config, router, sender, clock);
  }

  @Override
  public void observed(CostCredential cr) {
    try {
      episodes.observe(cr).forEach(n -> dispatch(cr, n));
    } catch (RuntimeException e) {
      LOG.warn("notifications for {} skipped: {}", name(cr), e.getClass().getSimpleName());
    }
  }

  @Override
  public void emergency(CostCredential cr, String stage, String message) {
    NotificationEvent event =
        switch (stage) {
          case "started" -> NotificationEvent.EmergencyStarted;
          case "revoked" -> NotificationEvent.EmergencyRevoked;
          case "completed" -> NotificationEvent.EmergencyCompleted;
          default -> null;
        };
    if (event == null) {
      return;
    }
    try {
      dispatch(cr, Notification.of(event, cr, null, message, null, clock.instant()));
    } catch (RuntimeException e) {
      LOG.warn("notification for {} skipped: {}", name(cr), e.getClass().getSimpleName());
    }
  }

  @Override
  public void forget(CostCredential cr) {
    episodes.forget(cr);
  }

  private void dispatch(CostCredential cr, Notification n) {
    List<Router.Delivery> deliveries = router.route(cr, n.event());
    for (Router.Delivery d : deliveries) {
      sender.submit(d.route(), d.url(), Payloads.render(d.format(), n));
    }
    if (!deliveries.isEmpty()) {
      LOG.info(
          "notification {} for {} queued for {} route(s)", n.event(), name(cr), deliveries.size());
    }
  }

  private static String name(CostCredential cr) {
    return cr.getMetadata().getNamespace() + "/" + cr.getMetadata().getName();
  }
}
