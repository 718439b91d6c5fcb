package io.costcred.operator.restart;

import io.costcred.operator.api.v1alpha1.WorkloadKind;

/** A concrete workload to restart. */
public record WorkloadRef(WorkloadKind kind, String name) {}
