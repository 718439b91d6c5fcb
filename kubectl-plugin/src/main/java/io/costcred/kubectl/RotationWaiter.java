package io.costcred.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a status-subresource request until the operator has acted on it ({@code
 * status.handledStatusRequest == id}) and the rotation it started has completed ({@code
 * status.rotation} gone, {@code status.revision} incremented), printing each phase change.
 */
final class RotationWaiter {
  private static final Pattern REVISION = Pattern.compile("-r([0-9]+)$");
  private static final Duration NOT_PICKED_UP_HINT = Duration.ofSeconds(30);

  private final Api api;
  private final String namespace;
  private final String name;
  private final PrintWriter out;
  private final Duration timeout;
  private final Duration poll;

  private final long startNanos = System.nanoTime();
  private String rotationId;
  private long targetRevision = -1;
  private String lastPhase;
  private String lastDegraded;
  private boolean hinted;
  private int failures;
  private long lastResourceVersion = Long.MIN_VALUE;

  RotationWaiter(
      Api api, String namespace, String name, PrintWriter out, Duration timeout, Duration poll) {
    this.api = api;
    this.namespace = namespace;
    this.name = name;
    this.out = out;
    this.timeout = timeout;
    this.poll = poll;
  }

  /**
   * Waits for the request. Each state the watch delivers is examined, so short phases are seen too;
   * without a watch (no permission, or it closed) the object is read every poll interval.
   */
  int await(String id, long revisionBefore, boolean emergency, String watchFrom) {
    say(
        "waiting for the operator (timeout "
            + Times.human(timeout)
            + "; Ctrl-C stops waiting,"
            + " the request stays queued)");
    BlockingQueue<CredentialView> events = new LinkedBlockingQueue<>();
    AtomicBoolean watching = new AtomicBoolean(false);
    Watch watch =
        watchFrom == null
            ? null
            : api.watch(namespace, name, watchFrom, events::add, () -> watching.set(false));
    watching.set(watch != null);
    try {
      while (true) {
        CredentialView v =
            watching.get() ? events.poll(poll.toMillis(), TimeUnit.MILLISECONDS) : null;
        if (v == null) {
          v = read();
        }
        if (v != null && isNewer(v) && examine(v, id, revisionBefore)) {
          completed(v, emergency);
          return ExitCodes.OK;
        }
        checkTimeout(id);
        if (!watching.get()) {
          sleep();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.CHECK_FAILED, "interrupted while waiting", e);
    } finally {
      if (watch != null) {
        watch.close();
      }
    }
  }

  /**
   * Skips a state older than one already examined (a watch event that arrives after a newer GET).
   * Kubernetes resourceVersions are opaque; when they are not numbers nothing is skipped.
   */
  private boolean isNewer(CredentialView v) {
    try {
      long rv = Long.parseLong(String.valueOf(v.resourceVersion()));
      if (rv < lastResourceVersion) {
        return false;
      }
      lastResourceVersion = rv;
    } catch (NumberFormatException ignored) {
      // opaque resourceVersion: examine everything
    }
    return true;
  }

  /** True once the request was acted on and its rotation completed. */
  private boolean examine(CredentialView v, String id, long revisionBefore) {
    boolean done;
    if (id.equals(v.handledStatusRequest())) {
      done = followRotation(v, revisionBefore);
    } else {
      notHandledYet(v, id);
      done = false;
    }
    degraded(v);
    return done;
  }

  /** The object, or null after a transient API failure (five in a row end the wait). */
  private CredentialView read() {
    try {
      CredentialView v = api.get(namespace, name);
      failures = 0;
      return v;
    } catch (CliException e) {
      int code = e.getCause() instanceof KubernetesClientException k ? k.getCode() : 400;
      boolean transientFailure = code <= 0 || code == 429 || code >= 500;
      if (!transientFailure || ++failures >= 5) {
        throw e;
      }
      say("warning: " + e.getMessage() + " (retrying)");
      return null;
    }
  }

  private void checkTimeout(String id) {
    if (elapsed().compareTo(timeout) >= 0) {
      throw new CliException(
          ExitCodes.CHECK_FAILED,
          "timed out after "
              + Times.human(timeout)
              + (rotationId == null
                  ? ": the operator has not acted on request " + id + " yet (it stays queued)"
                  : ": rotation " + rotationId + " is still in phase " + lastPhase)
              + "; follow it with: kubectl costcred describe "
              + name
              + " -n "
              + namespace);
    }
  }

  private void notHandledYet(CredentialView v, String id) {
    var req = v.requestedRotation();
    if (req.isEmpty() || !req.get().id().equals(id)) {
      throw new CliException(
          ExitCodes.CHECK_FAILED,
          "request "
              + id
              + " was replaced before the operator acted on it"
              + req.map(r -> " (now " + r.id() + " by " + r.requestedBy() + ")").orElse(""));
    }
    if (!hinted && elapsed().compareTo(NOT_PICKED_UP_HINT) >= 0) {
      hinted = true;
      String running =
          v.rotation()
              .map(
                  r ->
                      "a "
                          + Json.text(r, "trigger")
                          + " rotation is running; a manual request"
                          + " starts after it. ")
              .orElse("");
      say(
          "not picked up yet: "
              + running
              + "Is the operator running and watching "
              + namespace
              + "?");
    }
  }

  /** True once the rotation started for the request has completed. */
  private boolean followRotation(CredentialView v, long revisionBefore) {
    JsonNode rotation = v.rotation().orElse(null);
    String currentId = rotation == null ? null : Json.text(rotation, "id");
    if (rotationId == null) {
      if (rotation == null) {
        // Handled, and the rotation it started already completed between two reads.
        boolean done = v.revision() > revisionBefore;
        if (done) {
          say("accepted");
        }
        return done;
      }
      rotationId = currentId;
      Matcher m = REVISION.matcher(String.valueOf(currentId));
      targetRevision = m.find() ? Long.parseLong(m.group(1)) : v.revision() + 1;
      say("accepted: " + Json.text(rotation, "trigger") + " rotation " + rotationId);
    }
    if (rotation != null && Objects.equals(currentId, rotationId)) {
      String phase = Json.text(rotation, "phase");
      if (!Objects.equals(phase, lastPhase)) {
        lastPhase = phase;
        say("phase " + phase);
      }
      return false;
    }
    return v.revision() >= targetRevision;
  }

  private void degraded(CredentialView v) {
    var c = v.condition(Reasons.DEGRADED).orElse(null);
    String now = c != null && c.isTrue() ? c.reason() + ": " + c.message() : null;
    if (!Objects.equals(now, lastDegraded)) {
      if (now != null) {
        say("Degraded " + now);
      } else if (lastDegraded != null) {
        say("no longer Degraded");
      }
      lastDegraded = now;
    }
  }

  private void completed(CredentialView v, boolean emergency) {
    say(
        "completed: revision "
            + v.revision()
            + ", current token "
            + v.currentToken().map(CredentialView.Token::summary).orElse("<none>"));
    var revocation =
        v.condition(Reasons.REVOCATION_REQUIRED).filter(CredentialView.Condition::isTrue);
    if (revocation.isPresent()) {
      say("next step: " + revocation.get().message());
    } else if (emergency) {
      say("the compromised token no longer needs manual revocation");
    }
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private void say(String line) {
    out.println("[+" + Times.human(elapsed()) + "] " + Text.safe(line, Text.LINE));
    out.flush();
  }

  private void sleep() {
    try {
      Thread.sleep(Math.max(10, poll.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.CHECK_FAILED, "interrupted while waiting", e);
    }
  }
}
