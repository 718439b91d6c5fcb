package io.costcred.operator.api.v1alpha1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A platform-owned endpoint plus an identity the operator holds (Vault, AWS), the namespaces that
 * may use it and the destinations they may touch. Only cluster administrators write these.
 */
@Group(CostCredential.GROUP)
@Version(CostCredential.VERSION)
@Kind("ClusterCredentialConnection")
@Plural("clustercredentialconnections")
@ShortNames("cconn")
public class ClusterCredentialConnection
    extends CustomResource<ClusterCredentialConnectionSpec, Void> {}
