package io.costcred.operator.runtime;

import io.costcred.operator.connection.EgressPolicy;
import io.costcred.operator.restart.PatchMode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Operator settings, from flags or environment variables (flags win). */
public final class OperatorSettings {
  @Option(
      names = "--namespaces",
      split = ",",
      defaultValue = "${env:COSTCRED_NAMESPACES:-}",
      description = "Namespaces to watch, comma-separated; empty watches all.")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--label-selector",
      defaultValue = "${env:COSTCRED_LABEL_SELECTOR:-}",
      description = "Only CostCredentials matching this selector (shard a large cluster).")
  String labelSelector = "";

  @Option(
      names = "--watch-secrets",
      negatable = true,
      defaultValue = "${env:COSTCRED_WATCH_SECRETS:-true}",
      description =
          "Watch Secrets (names and versions only) so that a CostCredential waiting for a missing"
              + " Secret is retried when it appears (default on; needs list/watch on Secrets).")
  boolean watchSecrets = true;

  @Option(
      names = "--rollout-events",
      negatable = true,
      defaultValue = "${env:COSTCRED_ROLLOUT_EVENTS:-true}",
      description =
          "Follow restarts and cut-over from workload and Pod informer events (default on; off:"
              + " poll each rollout every 2 s instead).")
  boolean rolloutEvents = true;

  @Option(
      names = "--watches-on-demand",
      negatable = true,
      defaultValue = "${env:COSTCRED_WATCHES_ON_DEMAND:-true}",
      description =
          "Start the watches of StatefulSets, DaemonSets, Jobs, Argo Rollouts and"
              + " CredentialConnections in a namespace when a CostCredential there first needs"
              + " them (default on; off: every watch from the start).")
  boolean watchesOnDemand = true;

  @Option(
      names = "--provider-clock-skew",
      defaultValue = "${env:COSTCRED_PROVIDER_CLOCK_SKEW:-1m}",
      description =
          "How far a provider's clock may be from the cluster's: a key use (IAM"
              + " GetAccessKeyLastUsed) reported less than this after the consumers cut over does"
              + " not hold the old key's revocation (Go duration, default 1m).")
  String providerClockSkew = "1m";

  @Option(
      names = "--operator-namespace",
      defaultValue = "${env:POD_NAMESPACE:-costcred-system}",
      description = "Namespace of the lease and the fingerprint key Secret.")
  String operatorNamespace = "costcred-system";

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "${env:COSTCRED_LEADER_ELECTION:-true}",
      description = "Elect a leader with a Lease (default on).")
  boolean leaderElection = true;

  @Option(
      names = "--exit-on-lost-leadership",
      negatable = true,
      defaultValue = "true",
      description = "Exit when leadership is lost, so the replica restarts as a standby.")
  boolean exitOnLostLeadership = true;

  @Option(names = "--lease-name", defaultValue = "costcred-operator-leader")
  String leaseName = "costcred-operator-leader";

  @Option(
      names = "--lease-duration",
      defaultValue = "15",
      description = "Seconds a standby waits before taking over an unrenewed Lease.")
  int leaseDurationSeconds = 15;

  @Option(
      names = "--lease-renew-deadline",
      defaultValue = "10",
      description = "Seconds the leader keeps trying to renew before it gives up leadership.")
  int leaseRenewDeadlineSeconds = 10;

  @Option(
      names = "--lease-retry-period",
      defaultValue = "2",
      description =
          "Seconds between Lease renewals (and standby attempts): the operator's only API writes"
              + " when idle, 60/period per minute.")
  int leaseRetryPeriodSeconds = 2;

  /** Kubernetes' rule for leader election timings: retry < renew deadline < lease duration. */
  void checkLeaseTimings() {
    if (leaseRetryPeriodSeconds < 1
        || leaseRetryPeriodSeconds >= leaseRenewDeadlineSeconds
        || leaseRenewDeadlineSeconds >= leaseDurationSeconds) {
      throw new IllegalArgumentException(
          "lease timings must satisfy 1 <= --lease-retry-period < --lease-renew-deadline <"
              + " --lease-duration (got "
              + leaseRetryPeriodSeconds
              + " / "
              + leaseRenewDeadlineSeconds
              + " / "
              + leaseDurationSeconds
              + ")");
    }
  }

  @Option(
      names = "--identity",
      defaultValue = "${env:POD_NAME:-}",
      description = "Identity in the lease; defaults to the host name.")
  String identity = "";

  @Option(
      names = "--http-bind",
      defaultValue = "${env:COSTCRED_HTTP_BIND:-0.0.0.0}",
      description = "Address of the health and metrics server.")
  String httpBind = "0.0.0.0";

  @Option(names = "--http-port", defaultValue = "${env:COSTCRED_HTTP_PORT:-8080}")
  int httpPort = 8080;

  @Option(
      names = "--metrics-max-credentials",
      defaultValue = "${env:COSTCRED_METRICS_MAX_CREDENTIALS:-10000}",
      description = "Credentials with per-credential metric series; more are counted as dropped.")
  int metricsMaxCredentials = OperatorMetrics.DEFAULT_MAX_CREDENTIALS;

  @Option(
      names = "--vantage-hourly-budget",
      defaultValue = "1000",
      description = "Requests per hour one Vantage account allows, shared by all credentials.")
  int vantageHourlyBudget = 1000;

  @Option(
      names = "--reconcile-threads",
      defaultValue = "${env:COSTCRED_RECONCILE_THREADS:-10}",
      description = "CostCredentials reconciled at the same time.")
  int reconcileThreads = 10;

  @Option(
      names = "--heap-compaction-period",
      defaultValue = "${env:COSTCRED_HEAP_COMPACTION_PERIOD:-30}",
      description =
          "Seconds between checks for heap a burst left behind; once the heap stops growing,"
              + " one full collection gives it back (0: never).")
  int heapCompactionPeriodSeconds = 30;

  @Option(
      names = "--log-format",
      defaultValue = "${env:COSTCRED_LOG_FORMAT:-text}",
      description = "Log lines as text or as one JSON object per line: ${COMPLETION-CANDIDATES}.")
  LogFormat logFormat = LogFormat.TEXT;

  @Option(
      names = "--shutdown-timeout",
      defaultValue = "30",
      description = "Seconds a running rotation step may take to finish on shutdown.")
  int shutdownTimeoutSeconds = 30;

  @Option(
      names = "--server-side-apply",
      negatable = true,
      defaultValue = "true",
      description = "Use server-side apply (off only for API servers that lack it).")
  boolean serverSideApply = true;

  @Option(
      names = "--egress-allow",
      split = ",",
      defaultValue = "${env:COSTCRED_EGRESS_ALLOW:-}",
      description =
          "Where credentials may be sent (provider APIs, Vault, AWS endpoints, webhooks):"
              + " scheme://host[:port] patterns, comma-separated; *.example.com for subdomains,"
              + " :* for any port. https only unless http is listed for a host. Empty: the"
              + " defaults (api.vantage.sh, *.amazonaws.com, hooks.slack.com,"
              + " *.webhook.office.com); Vault hosts must always be listed.")
  List<String> egressAllow = new ArrayList<>();

  /** The egress allow-list: the flag's patterns, or the defaults when none are given. */
  EgressPolicy egressPolicy() {
    List<String> given = egressAllow.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
    return EgressPolicy.of(given.isEmpty() ? EgressPolicy.DEFAULTS : given);
  }

  @Option(
      names = "--notifications-config",
      defaultValue = "${env:COSTCRED_NOTIFICATIONS_CONFIG:-}",
      description =
          "YAML file with admin notification routes and timings (docs/notifications.md); empty:"
              + " only the webhooks CostCredentials name.")
  String notificationsConfig = "";

  @Option(
      names = "--failpoint",
      hidden = true,
      defaultValue = "${env:COSTCRED_FAILPOINT:-}",
      description =
          "Testing only: halt the process (like SIGKILL) when this rotation step is reached.")
  String failpoint = "";

  PatchMode patchMode() {
    return serverSideApply ? PatchMode.SERVER_SIDE_APPLY : PatchMode.JSON_MERGE;
  }

  /** {@link #providerClockSkew} as a duration. */
  java.time.Duration providerClockSkew() {
    return io.costcred.operator.core.Durations.parseOr(
        providerClockSkew, java.time.Duration.ofMinutes(1), "--provider-clock-skew");
  }

  /** How long a rollout waits for a recheck when no event says it moved. */
  java.time.Duration rolloutRecheck() {
    return rolloutEvents ? java.time.Duration.ofSeconds(30) : java.time.Duration.ofSeconds(2);
  }
}
