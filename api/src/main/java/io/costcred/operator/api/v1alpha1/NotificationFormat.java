package io.costcred.operator.api.v1alpha1;

/** The payload a notification webhook expects (docs/notifications.md shows each). */
public enum NotificationFormat {
  /** A Slack incoming webhook: Block Kit blocks with a plain {@code text} fallback. */
  Slack,
  /** A Microsoft Teams incoming webhook or Workflows trigger: a message with an Adaptive Card. */
  Teams,
  /** Any HTTP endpoint: the operator's own versioned JSON document ({@code costcred.io/v1}). */
  Generic
}
