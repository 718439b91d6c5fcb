package io.costcred.operator.notify;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts notifications from one background thread, never from a reconcile. At most {@code capacity}
 * notifications wait or retry at once; more are dropped and counted. A 5xx, 408, timeout or I/O
 * error is retried with exponential backoff, a 429 after its {@code Retry-After} (bounded), up to
 * {@code maxAttempts} in all; any other answer ends it. Logs name the route, never the URL.
 */
public final class Sender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private final OkHttpClient http;
  private final Settings settings;
  private final NotifyStats stats;
  private final AtomicInteger pending = new AtomicInteger();
  private final ScheduledThreadPoolExecutor executor;

  /** Queue and retry bounds. */
  public record Settings(
      int capacity,
      int maxAttempts,
      Duration firstRetry,
      Duration maxRetry,
      Duration maxRetryAfter) {
    /** Production bounds: 2 s doubling to 1 min, Retry-After up to 5 min. */
    public static Settings of(int capacity, int maxAttempts) {
      return new Settings(
          capacity,
          maxAttempts,
          Duration.ofSeconds(2),
          Duration.ofMinutes(1),
          Duration.ofMinutes(5));
    }
  }

  public Sender(OkHttpClient http, Settings settings, NotifyStats stats) {
    this.http = http;
    this.settings = settings;
    this.stats = stats;
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "costcred-notifications");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  /** Queues one webhook call; false when the queue is full and it was dropped. */
  public boolean submit(String route, WebhookUrl url, String body) {
    if (pending.incrementAndGet() > settings.capacity()) {
      pending.decrementAndGet();
      long n = stats.dropped.incrementAndGet();
      if (n == 1 || n % 100 == 0) {
        LOG.warn("notification queue full: dropped one for {} ({} so far)", route, n);
      }
      return false;
    }
    executor.execute(() -> attempt(route, url, body, 1));
    return true;
  }

  /** Notifications waiting or retrying. */
  public int pending() {
    return pending.get();
  }

  private void attempt(String route, WebhookUrl url, String body, int attempt) {
    Duration retry;
    String what;
    Request request;
    try {
      request = new Request.Builder().url(url.value()).post(RequestBody.create(body, JSON)).build();
    } catch (IllegalArgumentException e) {
      stats.failed.incrementAndGet();
      pending.decrementAndGet();
      LOG.warn("notification to {} not sent: its URL is not an http(s) URL", route);
      return;
    }
    try (Response r = http.newCall(request).execute()) {
      int code = r.code();
      if (code >= 200 && code < 300) {
        stats.sent.incrementAndGet();
        pending.decrementAndGet();
        return;
      }
      what = "HTTP " + code;
      retry =
          code == 429
              ? retryAfter(r.header("Retry-After"))
              : code >= 500 || code == 408 ? backoff(attempt) : null;
    } catch (IOException | RuntimeException e) {
      what = e.getClass().getSimpleName(); // never the message: it may carry the URL
      retry = backoff(attempt);
    }
    if (retry == null || attempt >= settings.maxAttempts()) {
      stats.failed.incrementAndGet();
      pending.decrementAndGet();
      LOG.warn("notification to {} failed after {} attempt(s): {}", route, attempt, what);
      return;
    }
    stats.retried.incrementAndGet();
    LOG.info("notification to {}: {}, retrying in {}", route, what, retry);
    try {
      executor.schedule(
          () -> attempt(route, url, body, attempt + 1), retry.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      pending.decrementAndGet(); // shutting down
    }
  }

  Duration backoff(int attempt) {
    Duration d = settings.firstRetry().multipliedBy(1L << Math.min(attempt - 1, 20));
    return d.compareTo(settings.maxRetry()) > 0 ? settings.maxRetry() : d;
  }

  /** Seconds or an HTTP date, bounded to [firstRetry, maxRetryAfter]; unreadable: backoff. */
  Duration retryAfter(String header) {
    Duration d = null;
    if (header != null) {
      try {
        d = Duration.ofSeconds(Long.parseLong(header.trim()));
      } catch (NumberFormatException e) {
        try {
          Instant at =
              ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          d = Duration.between(Instant.now(), at);
        } catch (DateTimeParseException ignored) {
          d = null;
        }
      }
    }
    if (d == null || d.compareTo(settings.firstRetry()) < 0) {
      return settings.firstRetry();
    }
    return d.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : d;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
