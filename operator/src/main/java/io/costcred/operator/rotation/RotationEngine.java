package io.costcred.operator.rotation;

import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.DeletionPolicy;
import io.costcred.operator.api.v1alpha1.EmergencyRecord;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.api.v1alpha1.RotationRun;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.api.v1alpha1.TokenHandle;
import io.costcred.operator.core.BudgetExhaustedException;
import io.costcred.operator.core.ConflictException;
import io.costcred.operator.core.CostCredException;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.LogContext;
import io.costcred.operator.provider.CredentialProvider;
import io.costcred.operator.restart.Restarter;
import io.costcred.operator.store.CredentialStore;
import io.costcred.operator.store.TokenLedger;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one CostCredential towards its desired state: starts rotations when policy says so,
 * advances the one in progress step by step, revokes old tokens, re-verifies the current one.
 */
public final class RotationEngine {
  private static final Logger LOG = LoggerFactory.getLogger(RotationEngine.class);
  private final Clock clock;
  private final PlanSource plans;
  private final StatusWriter writer;
  private final StepHook hook;
  private final EventSink events;
  private final RotationObserver observer;
  private final FailureGate gate;
  private final RotationSteps steps;
  private final RotationFinisher finisher;
  private final Revocations revocations;
  private final Upkeep upkeep;
  private final InactiveKeys inactiveKeys;
  private final ConsumerReport consumers;

  /** Production wiring without reference watches; see {@link #builder()} for the rest. */
  public RotationEngine(
      Clock clock,
      PlanSource plans,
      Fingerprinter fingerprints,
      Restarter restarter,
      StatusWriter writer,
      EventSink events,
      RotationObserver observer,
      StepHook hook) {
    this(
        new RotationEngineBuilder()
            .clock(clock)
            .plans(plans)
            .fingerprints(fingerprints)
            .restarter(restarter)
            .statusWriter(writer)
            .events(events)
            .observer(observer)
            .hook(hook));
  }

  RotationEngine(RotationEngineBuilder b) {
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.plans = Objects.requireNonNull(b.plans, "plans");
    this.writer = Objects.requireNonNull(b.writer, "statusWriter");
    this.hook = b.hook;
    this.events = b.events;
    this.observer = b.observer;
    Objects.requireNonNull(b.fingerprints, "fingerprints");
    this.gate = new FailureGate(b.backoff, b.references, events, observer);
    this.finisher = new RotationFinisher(events, observer);
    this.steps = new RotationSteps(b, finisher);
    this.revocations = new Revocations(events, b.providerClockSkew, b.rolloutRecheck);
    this.upkeep = new Upkeep(clock, b.fingerprints, events);
    this.consumers = new ConsumerReport(b.consumers, events);
    this.inactiveKeys = new InactiveKeys(events);
  }

  public static RotationEngineBuilder builder() {
    return new RotationEngineBuilder();
  }

  /** Reconciles one CostCredential; returns when to look at it again. */
  public Duration reconcile(CostCredential cr) {
    try {
      return reconcileOnce(cr);
    } catch (ConflictException e) {
      LOG.debug(
          "{}/{} changed while reconciling; again from the fresh object",
          cr.getMetadata().getNamespace(),
          cr.getMetadata().getName());
      return Duration.ofSeconds(1);
    }
  }

  private Duration reconcileOnce(CostCredential cr) {
    Instant now = clock.instant();
    String inputs = gate.inputs(cr);
    Duration held = gate.holds(cr, inputs, now);
    if (held != null) {
      return held; // the failure stands and nothing it depends on changed: no call, no write
    }
    Run run = new Run(cr, now, inputs, writer, hook);
    List<String> malformed = StatusCheck.repair(run.st(), cr.getMetadata().getUid(), run.now);
    run.observe(Observations.NONE.withMalformed(malformed));
    RotationPlan resolved;
    try {
      resolved = plans.apply(run.cr());
    } catch (CostCredException e) {
      run.observe(Observations.NONE.withPlanFailed());
      return failedBeforePlan(run, Failure.of(e));
    } catch (KubernetesClientException e) {
      return failedBeforePlan(run, apiFailure(e));
    }
    // Destructive provider steps act on what the operator recorded, never on the status.
    RotationPlan plan =
        resolved
            .withProvider(
                resolved.provider().withRecords(new LedgerKeyRecords(resolved.ledger(), run.now)))
            .withSchedule(resolved.schedule().suspended(suspended(cr)));
    observeGeneration(run, plan);
    run.observe(Observations.NONE.withPoolLowWatermark(plan.poolLowWatermark()));
    Duration requeue = null;
    if (!malformed.isEmpty()) {
      // Reset values are written and reported; an emergency still goes on (it retries at once).
      requeue =
          fail(
              run,
              Failure.transientOf(
                  Reasons.INVALID_STATUS,
                  "malformed status values were reset, not acted on: "
                      + String.join(", ", malformed)));
    }
    // Each part runs on its own, so a stuck rotation does not stop revocations or pool checks.
    requeue = min(requeue, guarded(run, () -> drive(run, plan)));
    List<CutOver.Evaluated> evaluated = consumers.update(run, plan, false);
    requeue = min(requeue, guarded(run, () -> revocations.process(run, plan, evaluated)));
    requeue = min(requeue, guarded(run, () -> inactiveKeys.process(run, plan)));
    requeue =
        min(
            requeue,
            guarded(
                run,
                () -> {
                  upkeep.refreshPool(run, plan);
                  return null; // the pool asks for no requeue of its own
                }));
    requeue = min(requeue, untilScheduled(run, plan));
    if (run.seen().failure() == null) {
      FailureGate.clear(run.st()); // a clean pass ends any earlier failure
    }
    run.save("reconciled");
    observer.observed(run.cr());
    return requeue == null
        ? Duration.ofHours(1)
        : requeue.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : requeue;
  }

  /** A pass that could not build its plan: the failure is stored and observed like any pass. */
  private Duration failedBeforePlan(Run run, Failure failure) {
    Duration retry = fail(run, failure);
    run.save("invalid");
    observer.observed(run.cr());
    return retry;
  }

  /** Runs one part of the pass; every failure it throws goes through the failure gate. */
  private Duration guarded(Run run, Supplier<Duration> work) {
    try {
      return work.get();
    } catch (ConflictException e) {
      throw e; // the object moved on: start over from the fresh one, no failure to record
    } catch (BudgetExhaustedException e) {
      return waitForBudget(run, e);
    } catch (CostCredException e) {
      return fail(run, Failure.of(e));
    } catch (KubernetesClientException e) {
      return fail(run, apiFailure(e));
    }
  }

  private static Failure apiFailure(KubernetesClientException e) {
    return new Failure(
        Reasons.KUBERNETES_API_ERROR, "Kubernetes API answered HTTP " + e.getCode(), false, null);
  }

  /**
   * The one place a failure is recorded: the first of a pass goes to status (with its inputs and
   * when to retry), later ones are logged. Returns when to look again.
   */
  private Duration fail(Run run, Failure f) {
    if (run.seen().failure() != null) {
      LOG.warn(
          "reconcile of {}/{} also failed: {} ({})",
          run.namespace(),
          run.cr().getMetadata().getName(),
          Text.safe(f.message(), Text.REASON),
          f.reason());
      return gate.delay(run.st().getRotation(), f, 1);
    }
    run.observe(Observations.failed(f));
    return gate.record(run, f, run.inputs);
  }

  /**
   * The CostCredential is being deleted. With deletionPolicy Delete the operator's keys leave the
   * stores and the current token is revoked where the provider can; otherwise an admin is asked.
   */
  public void delete(CostCredential cr) {
    forget(cr);
    if (cr.getSpec() == null || cr.getSpec().getDeletionPolicy() != DeletionPolicy.Delete) {
      return;
    }
    RotationPlan plan = plans.apply(cr);
    plan.stores().forEach(CredentialStore::remove);
    CostCredentialStatus st = cr.getStatus() == null ? new CostCredentialStatus() : cr.getStatus();
    if (st.getCurrentToken() != null) {
      retireOnDelete(cr, plan, st.getCurrentToken(), plan.ledger().current());
    }
    if (st.getPendingToken() != null) {
      retireOnDelete(
          cr,
          plan,
          st.getPendingToken(),
          plan.ledger().pending().map(TokenLedger.Pending::credential));
    }
    for (var pr : st.getPendingRevocations()) {
      retireOnDelete(cr, plan, pr.getToken(), plan.ledger().retired(pr.getToken().getRotationId()));
    }
  }

  private void retireOnDelete(
      CostCredential cr, RotationPlan plan, TokenHandle token, Optional<Credential> value) {
    var state = value.isEmpty() ? null : plan.provider().revoke(value.get(), token.getId());
    if (state == CredentialProvider.RevocationState.REVOKED) {
      events.normal(cr, "TokenRevoked", "token " + token.getId() + " no longer authenticates");
    } else {
      events.warning(
          cr,
          "RevocationRequired",
          "CostCredential deleted with deletionPolicy Delete: revoke token "
              + token.getId()
              + " (fingerprint "
              + token.getFingerprint()
              + ") in the provider console");
    }
  }

  /** Forgets in-memory state of a deleted credential. */
  public void forget(CostCredential cr) {
    revocations.forget(cr.getMetadata().getUid());
    plans.forget(cr);
    upkeep.forget(cr.getMetadata().getUid());
    observer.forget(cr);
  }

  /** How many credentials have a re-verification time in memory (tests). */
  int verificationTimes() {
    return upkeep.verificationTimes();
  }

  private Duration drive(Run run, RotationPlan plan) {
    CostCredentialStatus st = run.st();
    if (st.getRotation() == null && st.getCurrentToken() == null) {
      upkeep.adopt(run, plan);
    }
    boolean rejected = false;
    if (st.getRotation() == null && st.getCurrentToken() != null) {
      rejected = upkeep.reverifyIfDue(run, plan);
    }
    var decision =
        Decider.decide(
            st, run.cr().getMetadata().getAnnotations(), run.now, plan.schedule(), rejected);
    if (decision.isPresent()) {
      if (st.getRotation() == null) {
        start(run, decision.get());
        consumers.update(run, plan, true); // those who will keep the old token, named at the start
      } else if (decision.get().trigger() == RotationTrigger.Emergency) {
        escalate(run, decision.get());
      }
    }
    if (st.getRotation() == null) {
      return upkeep.untilReverify(run, plan);
    }
    logContext(st.getRotation());
    if (run.seen().failure() != null
        && st.getRotation().getTrigger() != RotationTrigger.Emergency) {
      return null; // a failure of this pass stands: the gate says when the steps go on
    }
    Duration next = steps.advance(run, plan);
    if (st.getRotation() == null) {
      upkeep.markVerified(run);
    }
    return next;
  }

  private void start(Run run, Decider.Decision d) {
    CostCredentialStatus st = run.st();
    long next = (st.getRevision() == null ? 0 : st.getRevision()) + 1;
    RotationRun r = new RotationRun();
    r.setId(run.cr().getMetadata().getUid() + "-r" + next);
    r.setTrigger(d.trigger());
    r.setPhase(RotationPhase.Obtaining);
    r.setStartedAt(Times.format(run.now));
    r.setPhaseSince(Times.format(run.now));
    r.setRequestedBy(d.requestedBy());
    r.setReason(d.reason());
    st.setRotation(r);
    logContext(r);
    FailureGate.clear(st); // a new rotation starts with no failure of its own
    markHandled(run, d);
    if (d.trigger() == RotationTrigger.Initial) {
      // A rotate request made before the first token is answered by the first token.
      var a = run.cr().getMetadata().getAnnotations();
      st.setHandledRotateRequest(
          a == null ? null : Decider.handledValue(a.get(Annotations.ROTATE)));
      var req = st.getRequestedRotation();
      if (req != null && !Boolean.TRUE.equals(req.getEmergency())) {
        st.setHandledStatusRequest(req.getId());
      }
    }
    if (d.trigger() == RotationTrigger.Emergency) {
      recordEmergency(run, d);
    }
    run.save("intent");
    LOG.info(
        "rotation started: {}/{} id={} trigger={} reason=\"{}\" requestedBy={}",
        run.namespace(),
        run.cr().getMetadata().getName(),
        r.getId(),
        r.getTrigger(),
        d.reason(),
        d.requestedBy());
    String message = d.trigger() + " rotation " + r.getId() + " started: " + d.reason();
    if (d.trigger() == RotationTrigger.Emergency) {
      events.warning(run.cr(), "EmergencyRotationStarted", message);
    } else {
      events.normal(run.cr(), "RotationStarted", message);
    }
  }

  /** Log lines of this reconcile name the rotation (the reconciler clears the fields). */
  private static void logContext(RotationRun r) {
    LogContext.rotation(r.getId(), String.valueOf(r.getTrigger()), r.getReason());
  }

  /** An emergency asked for while another rotation runs takes that rotation over. */
  private void escalate(Run run, Decider.Decision d) {
    RotationRun r = run.st().getRotation();
    r.setTrigger(RotationTrigger.Emergency);
    r.setReason(d.reason());
    r.setRequestedBy(d.requestedBy());
    markHandled(run, d);
    recordEmergency(run, d);
    RotationPhase phase = r.getPhase();
    if (phase == RotationPhase.Restarting || phase == RotationPhase.AwaitingRollout) {
      RotationSteps.next(run, RotationPhase.RevokingCompromised);
    }
    run.save("escalated");
    events.warning(run.cr(), "EmergencyRotationStarted", "rotation " + r.getId() + " escalated");
  }

  private void recordEmergency(Run run, Decider.Decision d) {
    EmergencyRecord rec = new EmergencyRecord();
    var req = run.st().getRequestedRotation();
    boolean fromStatus =
        d.handle() == Decider.Request.STATUS_REQUEST && req.getRequestedAt() != null;
    // When the person asked, not when the operator got to it: an outage shows in the timeline.
    rec.setRequestedAt(fromStatus ? req.getRequestedAt() : Times.format(run.now));
    rec.setReason(d.reason());
    rec.setRequestedBy(d.requestedBy());
    rec.setCompromisedToken(run.st().getCurrentToken());
    run.st().setLastEmergencyRotation(rec);
    observer.emergency(run.cr(), "started", "emergency rotation requested: " + d.reason());
  }

  private static void markHandled(Run run, Decider.Decision d) {
    var a = run.cr().getMetadata().getAnnotations();
    switch (d.handle()) {
      case ROTATE_ANNOTATION ->
          run.st()
              .setHandledRotateRequest(
                  Decider.handledValue(
                      a.get(io.costcred.operator.api.v1alpha1.Annotations.ROTATE)));
      case EMERGENCY_ANNOTATION ->
          run.st()
              .setHandledEmergencyRequest(
                  Decider.handledValue(
                      a.get(io.costcred.operator.api.v1alpha1.Annotations.EMERGENCY)));
      case STATUS_REQUEST ->
          run.st().setHandledStatusRequest(run.st().getRequestedRotation().getId());
      case NONE -> {}
      default -> throw new IllegalStateException("unknown request " + d.handle());
    }
  }

  /** spec.suspend pauses the schedule only; see {@link Schedule#nextRotation}. */
  static boolean suspended(CostCredential cr) {
    return cr.getSpec() != null && cr.getSpec().suspended();
  }

  private static void observeGeneration(Run run, RotationPlan plan) {
    CostCredentialStatus st = run.st();
    Long gen = run.cr().getMetadata().getGeneration();
    if (!Objects.equals(gen, st.getObservedGeneration())) {
      st.setObservedGeneration(gen); // a failure recorded with another generation no longer holds
    }
    st.setProvider(plan.provider().kind());
  }

  private Duration untilScheduled(Run run, RotationPlan plan) {
    CostCredentialStatus st = run.st();
    Instant next = Decider.nextScheduled(st, plan.schedule());
    if (next != null && next.isBefore(run.now)) {
      next = plan.schedule().nextWindowOpening(run.now); // a window was missed: the next one
    }
    st.setNextRotationTime(Times.format(next));
    return next == null || st.getRotation() != null ? null : Duration.between(run.now, next);
  }

  /**
   * Nothing was sent and nothing failed: the step waits for the provider budget. Not a failed
   * attempt (no backoff, not Degraded); the Rotating condition says what it waits for, and one
   * Event tells it when the wait begins. Retries are spread so that waiters do not all come back in
   * the same second.
   */
  private Duration waitForBudget(Run run, BudgetExhaustedException e) {
    Duration wait = e.retryAfter().orElse(Duration.ofMinutes(1));
    if (run.st().getRotation() != null) {
      boolean already =
          Conditions.get(run.st(), Reasons.ROTATING)
              .map(c -> Reasons.WAITING_FOR_RATE_BUDGET.equals(c.getReason()))
              .orElse(false);
      run.observe(Observations.budgetWait());
      if (!already) {
        events.normal(run.cr(), Reasons.WAITING_FOR_RATE_BUDGET, e.getMessage());
      }
    }
    long spread = Math.floorMod(run.cr().getMetadata().getUid().hashCode(), 30_000);
    return wait.plusMillis(spread);
  }

  static Duration min(Duration a, Duration b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) <= 0 ? a : b;
  }
}
