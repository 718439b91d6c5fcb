package io.costcred.operator.api.v1alpha1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Platform-team defaults and limits for the CostCredentials of the namespaces it selects: rotation
 * defaults, maximum interval and grace period, allowed stores and destinations.
 */
@Group(CostCredential.GROUP)
@Version(CostCredential.VERSION)
@Kind("ClusterRotationPolicy")
@Plural("clusterrotationpolicies")
@ShortNames("ccrp")
public class ClusterRotationPolicy extends CustomResource<ClusterRotationPolicySpec, Void> {}
