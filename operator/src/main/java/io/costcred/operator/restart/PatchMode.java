package io.costcred.operator.restart;

/** How the restart annotation is written. */
public enum PatchMode {
  /** Server-side apply under the operator's field manager (production). */
  SERVER_SIDE_APPLY,
  /** JSON merge patch: only for the fabric8 mock server, which lacks server-side apply. */
  JSON_MERGE
}
