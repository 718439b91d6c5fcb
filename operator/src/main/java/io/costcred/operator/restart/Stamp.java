package io.costcred.operator.restart;

import java.time.Instant;

/**
 * What a restart writes: one CostCredential's fingerprint under its own annotation key, applied
 * with its own field manager, at a time (an Argo Rollout's {@code spec.restartAt}).
 *
 * @param annotationKey {@code costcred.io/fp.<credential>}
 * @param fieldManager {@code costcred-operator/<credential>}
 * @param fingerprint the credential fingerprint the pods must start with
 * @param at when the restart is asked for (rounded up to a whole second for restartAt)
 */
public record Stamp(String annotationKey, String fieldManager, String fingerprint, Instant at) {}
