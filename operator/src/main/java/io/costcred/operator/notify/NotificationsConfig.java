package io.costcred.operator.notify;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.costcred.operator.api.v1alpha1.NotificationEvent;
import io.costcred.operator.api.v1alpha1.NotificationFormat;
import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.costcred.operator.core.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin's notification settings ({@code --notifications-config}, a YAML file the chart mounts
 * from {@code notifications.*} values): timings and the routes that send tenants' events to
 * channels the platform team chose. Unknown keys are an error, so a typo stops the operator at
 * start instead of silently routing nothing.
 */
public final class NotificationsConfig {
  /** The events a route or a CostCredential gets when it lists none. */
  public static final Set<NotificationEvent> DEFAULT_EVENTS =
      Set.of(
          NotificationEvent.RotationFailed,
          NotificationEvent.Recovered,
          NotificationEvent.RevocationRequired,
          NotificationEvent.EmergencyStarted,
          NotificationEvent.EmergencyRevoked,
          NotificationEvent.EmergencyCompleted,
          NotificationEvent.EmergencyBlocked);

  /** Go duration: an open episode is told again after this long. */
  public String renotifyInterval = "6h";

  /** Consecutive failed attempts before a transient failure is told (permanent: at once). */
  public int failureThreshold = 3;

  /** Notifications waiting or retrying at most; more are dropped and counted. */
  public int queueCapacity = 100;

  /** Attempts per notification (the first and its retries). */
  public int maxAttempts = 4;

  /** Admin routes, each with a URL Secret in the operator's namespace. */
  public List<Route> routes = new ArrayList<>();

  /** One admin route: which credentials it selects, what it sends, and where. */
  public static final class Route {
    /** Name, for logs and metrics (never the URL). */
    public String name;

    /** Namespaces it selects by name; empty: any. */
    public List<String> namespaces = new ArrayList<>();

    /** Labels the credential's namespace must have; empty: any. */
    public Map<String, String> namespaceSelector = Map.of();

    /** Labels the CostCredential must have; empty: any. */
    public Map<String, String> credentialSelector = Map.of();

    /** Payload format (default Slack). */
    public NotificationFormat format = NotificationFormat.Slack;

    /** Events it sends; empty: {@link #DEFAULT_EVENTS}. */
    public List<NotificationEvent> events = new ArrayList<>();

    /** The Secret key (operator namespace) with the webhook URL; key defaults to {@code url}. */
    public SecretKeyRef webhookUrlSecretRef;

    /** Whether this route takes {@code event}. */
    boolean wants(NotificationEvent event) {
      return events.isEmpty() ? DEFAULT_EVENTS.contains(event) : events.contains(event);
    }
  }

  /** No routes, default timings: the configuration when no file is given. */
  public static NotificationsConfig defaults() {
    return new NotificationsConfig();
  }

  /** The file's settings; a blank path gives {@link #defaults()}. */
  public static NotificationsConfig load(String path) {
    if (path == null || path.isBlank()) {
      return defaults();
    }
    try {
      return parse(Files.readString(Path.of(path.trim())));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--notifications-config: cannot read "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  /** Parses and checks YAML text. */
  public static NotificationsConfig parse(String yaml) {
    ObjectMapper mapper =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    NotificationsConfig c;
    try {
      c = yaml.isBlank() ? defaults() : mapper.readValue(yaml, NotificationsConfig.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      // Jackson's message names the field and line; the file holds no secret values.
      throw new IllegalArgumentException("--notifications-config: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("--notifications-config: unreadable YAML");
    }
    if (c == null) {
      c = defaults();
    }
    c.check();
    return c;
  }

  private void check() {
    renotify(); // parses
    if (failureThreshold < 1 || queueCapacity < 1 || maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException(
          "--notifications-config: failureThreshold and queueCapacity must be >= 1, maxAttempts"
              + " 1..10");
    }
    Set<String> names = new HashSet<>();
    for (Route r : routes == null ? List.<Route>of() : routes) {
      if (r.name == null || r.name.isBlank() || !names.add(r.name)) {
        throw new IllegalArgumentException(
            "--notifications-config: every route needs a unique name");
      }
      if (r.webhookUrlSecretRef == null || r.webhookUrlSecretRef.getName() == null) {
        throw new IllegalArgumentException(
            "--notifications-config: route " + r.name + " needs webhookUrlSecretRef.name");
      }
      r.namespaces = r.namespaces == null ? List.of() : r.namespaces;
      r.namespaceSelector = r.namespaceSelector == null ? Map.of() : r.namespaceSelector;
      r.credentialSelector = r.credentialSelector == null ? Map.of() : r.credentialSelector;
      r.events = r.events == null ? List.of() : r.events;
      r.format = r.format == null ? NotificationFormat.Slack : r.format;
    }
    routes = routes == null ? List.of() : List.copyOf(routes);
  }

  /** {@link #renotifyInterval} as a duration. */
  public Duration renotify() {
    Duration d = Durations.parse(renotifyInterval, "renotifyInterval");
    if (d.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "--notifications-config: renotifyInterval must be at least 1m");
    }
    return d;
  }
}
