package io.costcred.fakevantage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Queued faults for the next API requests: failures and forced 429s run in the order they were
 * queued; delays are counted separately so a request can be both slow and failing.
 */
final class FaultInjector {
  /** One injected response: an HTTP status, and for 429s the Retry-After to announce. */
  record Fault(int status, Duration retryAfter) {}

  private static final class Rule {
    private final Fault fault;
    private int remaining;

    Rule(Fault fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private final Deque<Rule> rules = new ArrayDeque<>();
  private int delaysRemaining;
  private Duration delay = Duration.ZERO;

  synchronized void failNext(int count, int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("injected status must be 4xx or 5xx");
    }
    add(count, new Fault(status, null));
  }

  synchronized void rateLimitNext(int count, Duration retryAfter) {
    if (retryAfter == null || retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must be zero or positive");
    }
    add(count, new Fault(429, retryAfter));
  }

  synchronized void delayNext(int count, Duration duration) {
    if (count < 0 || duration == null || duration.isNegative()) {
      throw new IllegalArgumentException("count and duration must not be negative");
    }
    delaysRemaining = count;
    delay = duration;
  }

  /** The delay to apply to the current request (zero when none is queued). */
  synchronized Duration takeDelay() {
    if (delaysRemaining == 0) {
      return Duration.ZERO;
    }
    delaysRemaining--;
    return delay;
  }

  /** The fault for the current request, or null to answer normally. */
  synchronized Fault takeFault() {
    Rule head = rules.peekFirst();
    if (head == null) {
      return null;
    }
    if (--head.remaining == 0) {
      rules.removeFirst();
    }
    return head.fault;
  }

  synchronized void clear() {
    rules.clear();
    delaysRemaining = 0;
    delay = Duration.ZERO;
  }

  private void add(int count, Fault fault) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
    if (count > 0) {
      rules.addLast(new Rule(fault, count));
    }
  }
}
