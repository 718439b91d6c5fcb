package io.costcred.operator.restart;

/** How far a restarted workload has rolled out. */
public enum RolloutState {
  /** Every replica runs the new pod template and is available. */
  COMPLETE,
  /** The controller is still replacing pods. */
  PROGRESSING,
  /** The Deployment is paused: reported, never forced. */
  PAUSED,
  /** The controller gave up (ProgressDeadlineExceeded). */
  STALLED,
  /** The workload was deleted. */
  MISSING
}
