package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.AwsCredentialsSpec;
import io.costcred.operator.store.aws.AwsConnection;
import java.net.URI;

/** Maps the spec's AWS settings to a connection, resolving static keys from Secrets. */
final class AwsConnections {
  private AwsConnections() {}

  static AwsConnection of(
      SecretRefs refs, String namespace, String region, String endpoint, AwsCredentialsSpec c) {
    AwsConnection.Credentials base = new AwsConnection.DefaultChain();
    if (c != null && c.getAccessKeyIdSecretRef() != null) {
      base =
          new AwsConnection.StaticKeys(
              refs.read(namespace, c.getAccessKeyIdSecretRef(), "AWS_ACCESS_KEY_ID"),
              refs.read(namespace, c.getSecretAccessKeySecretRef(), "AWS_SECRET_ACCESS_KEY"));
    }
    AwsConnection.Credentials creds =
        c != null && c.getRoleArn() != null
            ? new AwsConnection.AssumeRole(c.getRoleArn(), c.getExternalId(), null, base)
            : base;
    return new AwsConnection(
        region, endpoint == null ? null : URI.create(endpoint), creds, null, 0);
  }
}
