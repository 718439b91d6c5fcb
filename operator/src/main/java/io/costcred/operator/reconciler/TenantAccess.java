package io.costcred.operator.reconciler;

import io.costcred.operator.connection.ConnectionSource;
import io.costcred.operator.connection.EgressPolicy;
import io.costcred.operator.policy.PolicySource;

/**
 * What bounds a tenant: the policies that govern its namespace, the connections it may use, where
 * the operator may send credentials, and the operator's own namespace (where platform connections
 * keep their Secrets and ServiceAccounts).
 */
public record TenantAccess(
    PolicySource policies,
    ConnectionSource connections,
    EgressPolicy egress,
    String operatorNamespace) {}
