package io.costcred.kubectl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubectl costcred consumers NAME}: who reads the credential and who is cut over. */
@Command(
    name = "consumers",
    mixinStandardHelpOptions = true,
    description = {
      "Show who reads the store Secrets, who is cut over, and held revocations.",
      "The workloads and bare Pods that read the CostCredential's store Secrets"
          + " (status.consumers): how each gets the new credential, how it reads the Secret, and"
          + " how many of its running pods are on the current credential and how many may still"
          + " hold an older one. Then the revocations held because the old token is still in use.",
      "Exit code 0; 3 when the CostCredential cannot be read."
    })
public final class ConsumersCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The CostCredential.")
  String name;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description =
          "table (default; wide is the same), json or yaml: consumers, consumersOmitted and"
              + " heldRevocations as stored in status.")
  Output output;

  @Override
  public Integer call() {
    CredentialView v = api().get(namespace(), name);
    if (output.structured()) {
      Printer.print(api(), out(), output, ConsumersReport.section(v));
      return ExitCodes.OK;
    }
    ConsumersReport.print(v, now(), out(), "");
    return ExitCodes.OK;
  }
}
