package io.costcred.operator.api.v1alpha1;

/** Patterns shared by the schema annotations and the runtime validation. */
public final class Validation {
  /** A Kubernetes object name (RFC 1123 subdomain). */
  /**
   * The credential fields a provider hands out (Vantage: token; awsIamAccessKey: accessKeyId and
   * secretAccessKey), comma-separated for the schema enum ({@link EnumSchema}) of a field that
   * names one.
   */
  static final String CREDENTIAL_FIELDS = "token,accessKeyId,secretAccessKey";

  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A Kubernetes namespace name (RFC 1123 label). */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** An AWS region such as us-east-1 or us-gov-west-1; the SDK builds host names from it. */
  public static final String AWS_REGION = "^[a-z]{2}(-[a-z]+)+-[0-9]+$";

  /** A key of a Secret's data map. */
  public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

  /** A Go-style duration made of hours, minutes and seconds, as understood by CEL. */
  public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(h|m|s|ms))+$";

  /** A time of day, 24-hour clock. */
  public static final String TIME_OF_DAY = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

  /**
   * CEL rule for a label map: every key at most 317 chars (a 253-char prefix, a slash and a 63-char
   * name), as Kubernetes allows. Values are bounded by their schema.
   */
  public static final String LABEL_KEYS = "self.all(k, size(k) <= 317)";

  /** Message of {@link #LABEL_KEYS}. */
  public static final String LABEL_KEYS_MESSAGE = "label keys are at most 317 characters";

  private Validation() {}
}
