package io.costcred.operator.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A tenant's own endpoint (Vault, AWS) with credentials from Secrets or a ServiceAccount of its own
 * namespace; never an identity of the operator.
 */
@Group(CostCredential.GROUP)
@Version(CostCredential.VERSION)
@Kind("CredentialConnection")
@Plural("credentialconnections")
@ShortNames("conn")
public class CredentialConnection extends CustomResource<CredentialConnectionSpec, Void>
    implements Namespaced {}
