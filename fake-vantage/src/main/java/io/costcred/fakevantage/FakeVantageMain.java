package io.costcred.fakevantage;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * Command-line entry point: runs a loopback-only fake Vantage, with the admin API, until killed.
 */
public final class FakeVantageMain {
  static final int EXIT_USAGE = 2;

  private static final String USAGE =
      "usage: fake-vantage [--bind 127.0.0.1] [--port 0] [--port-file PATH] [--hourly-budget N]";

  private FakeVantageMain() {}

  /** Parsed command-line flags. */
  record Options(InetAddress bind, int port, Path portFile, int hourlyBudget) {}

  /** Runs the server; blocks until the process is terminated. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(USAGE);
      return;
    }
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("fake-vantage: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(EXIT_USAGE);
      return;
    }
    FakeVantage fake;
    try {
      fake = start(options, System.out);
    } catch (RuntimeException e) {
      System.err.println("fake-vantage: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  fake.close();
                  stopped.countDown();
                },
                "fake-vantage-shutdown"));
    stopped.await();
  }

  /** Starts the fake, writes the port file, and announces the URL on {@code out}. */
  static FakeVantage start(Options options, PrintStream out) {
    FakeVantage fake =
        FakeVantage.builder()
            .bind(new InetSocketAddress(options.bind(), options.port()))
            .hourlyBudget(options.hourlyBudget())
            .adminApi(true)
            .start();
    try {
      if (options.portFile() != null) {
        writePortFile(options.portFile(), fake.port());
      }
    } catch (IOException | RuntimeException e) {
      fake.close();
      throw new IllegalStateException("could not write the port file " + options.portFile(), e);
    }
    // Scripts parse this exact line; flush so they see it even when stdout is a pipe.
    out.println("fake-vantage listening on " + fake.baseUrl());
    out.flush();
    return fake;
  }

  static Options parse(String[] args) {
    String bind = "127.0.0.1";
    int port = 0;
    Path portFile = null;
    int budget = RateLimiter.DEFAULT_HOURLY_BUDGET;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--bind" -> bind = value;
        case "--port" -> port = intFlag(flag, value, 0, 65535);
        case "--port-file" -> portFile = Path.of(value);
        case "--hourly-budget" -> budget = intFlag(flag, value, 1, Integer.MAX_VALUE);
        default -> throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    return new Options(loopback(bind), port, portFile, budget);
  }

  private static InetAddress loopback(String bind) {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve --bind " + bind, e);
    }
    // The admin API mints tokens without auth: never expose it beyond this machine.
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException("--bind must be a loopback address, got " + bind);
    }
    return address;
  }

  private static int intFlag(String flag, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // Fall through to the shared message.
    }
    throw new IllegalArgumentException(flag + " must be an integer in [" + min + ", " + max + "]");
  }

  // Write then rename so a script polling for the file never reads it half-written.
  private static void writePortFile(Path target, int port) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".fake-vantage-port", ".tmp");
    Files.writeString(tmp, Integer.toString(port), StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
