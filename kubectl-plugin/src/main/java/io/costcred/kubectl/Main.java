package io.costcred.kubectl;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** Entry point of {@code kubectl costcred}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // fabric8 logs through slf4j-simple; a CLI shows only errors unless asked otherwise.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    }
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    int code;
    try (CostcredCommand root = new CostcredCommand()) {
      CommandLine cl = commandLine(root);
      code = execute(root, cl, args);
      cl.getOut().flush();
      cl.getErr().flush();
    }
    System.exit(code);
  }

  /** The command line with this plugin's error handling: messages on stderr, mapped exit codes. */
  public static CommandLine commandLine(CostcredCommand root) {
    CommandLine cl = new CommandLine(root);
    // Registered here, not in CostcredCommand's annotation, so that list stays a one-line-per-
    // command list other changes add to without conflicts.
    cl.addSubcommand(new CompletionCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          PrintWriter err = cmd.getErr();
          int code;
          if (ex instanceof CliException c) {
            err.println("error: " + c.getMessage());
            code = c.exitCode();
          } else if (ex instanceof KubernetesClientException k) {
            err.println("error: " + Api.describe("request failed", k));
            code = ExitCodes.API_ERROR;
          } else {
            err.println("error: " + ex);
            code = ExitCodes.CHECK_FAILED;
          }
          err.flush();
          return code;
        });
    return cl;
  }

  /** {@code __complete} takes its words as they are; everything else goes through picocli. */
  private static int execute(CostcredCommand root, CommandLine cl, String... args) {
    if (args.length > 0 && CompleteCommand.NAME.equals(args[0])) {
      List<String> words = List.of(args).subList(1, args.length);
      return new CompleteCommand(root, cl).run(cl.getOut(), words);
    }
    return cl.execute(args);
  }

  /** Runs one command line with the given streams; for tests and embedding. */
  public static int run(CostcredCommand root, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    try {
      return execute(root, cl, args);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
