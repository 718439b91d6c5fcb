package io.costcred.kubectl;

/** Exit codes of every command. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** A check failed: not Ready, no usable pool token, a rotation that did not finish in time. */
  public static final int CHECK_FAILED = 1;

  /** Bad command line: unknown flag, missing argument, --emergency without --reason. */
  public static final int USAGE = 2;

  /** The API server refused or could not be reached (403, 404, 409 after retries, I/O). */
  public static final int API_ERROR = 3;

  private ExitCodes() {}
}
