package io.costcred.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {
  @TempDir Path repo;

  private Options parse(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--repo";
    all[1] = repo.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return Options.parse(all);
  }

  @Test
  void defaultsRunEveryPhaseAtOneAndTenThousand() {
    Options o = parse();
    assertThat(o.phases)
        .containsExactly("scale", "writerate", "idle", "emergency", "burst", "restart");
    assertThat(o.sizes).containsExactly(1000, 10000);
    assertThat(o.emergencies).isEqualTo(60);
    assertThat(o.burst).isEqualTo(1000);
    assertThat(o.jfr).isTrue();
    assertThat(o.operatorJar).isEqualTo(repo.resolve("operator/target/costcred-operator.jar"));
    assertThat(o.out).isEqualTo(repo.resolve("bench/results"));
    assertThat(o.clusterDir).isEqualTo(Path.of("/tmp/costcred-bench-cluster"));
  }

  @Test
  void readsValuesAfterTheFlagOrAfterAnEqualsSign() {
    Options o =
        parse(
            "--sizes",
            "200,1k",
            "--emergencies=10",
            "--burst",
            "100",
            "--idle-seconds=30",
            "--cluster-dir",
            "/tmp/x-cluster",
            "--no-jfr",
            "--label",
            "small run",
            "--operator-jvm-flags=-Xmx128m -XX:+UseSerialGC");
    assertThat(o.sizes).containsExactly(200, 1000);
    assertThat(o.emergencies).isEqualTo(10);
    assertThat(o.burst).isEqualTo(100);
    assertThat(o.idleSeconds).isEqualTo(30);
    assertThat(o.clusterDir).isEqualTo(Path.of("/tmp/x-cluster"));
    assertThat(o.jfr).isFalse();
    assertThat(o.label).isEqualTo("small run");
    assertThat(o.operatorJvmFlags).isEqualTo("-Xmx128m -XX:+UseSerialGC");
  }

  @Test
  void phasesRunInTheFixedOrderAndScaleNamesSelectSizes() {
    Options o = parse("--phases", "burst,Emergency,scale10k,scale1k");
    assertThat(o.phases).containsExactly("scale", "emergency", "burst");
    assertThat(o.sizes).containsExactly(10000, 1000);
  }

  @Test
  void explicitSizesWinOverSizesNamedInPhases() {
    Options o = parse("--sizes", "500", "--phases", "scale1k,idle");
    assertThat(o.sizes).containsExactly(500);
    assertThat(o.phases).containsExactly("scale", "idle");
  }

  @Test
  void countsTakeAKSuffix() {
    assertThat(Options.count("10k")).isEqualTo(10000);
    assertThat(Options.count(" 1K ")).isEqualTo(1000);
    assertThat(Options.count("250")).isEqualTo(250);
  }

  @Test
  void badInputIsAUsageError() {
    assertThatThrownBy(() -> parse("--phases", "scale,warp"))
        .isInstanceOf(Options.UsageException.class)
        .hasMessageContaining("unknown phase warp");
    assertThatThrownBy(() -> parse("--frobnicate", "1"))
        .isInstanceOf(Options.UsageException.class)
        .hasMessageContaining("unknown flag --frobnicate");
    assertThatThrownBy(() -> parse("--sizes"))
        .isInstanceOf(Options.UsageException.class)
        .hasMessageContaining("missing value for --sizes");
  }

  @Test
  void helpIsAUsageExceptionWithoutMessage() {
    assertThatThrownBy(() -> parse("--help"))
        .isInstanceOf(Options.UsageException.class)
        .hasMessage(null);
    assertThat(Options.USAGE.formatted(Options.DEFAULT_JVM_FLAGS))
        .contains("-XX:MaxRAM=384m -XX:MaxRAMPercentage=50");
  }

  /** The bench measures the chart's flags: the same list, with MaxRAM for the memory limit. */
  @Test
  void defaultOperatorFlagsAreTheChartsJvmOptionsUnderItsMemoryLimit() throws Exception {
    String values = Files.readString(Path.of("../helm/costcred-operator/values.yaml"));
    Matcher folded = Pattern.compile("(?m)^jvmOptions: >-\\n((?:  .*\\n)+)").matcher(values);
    assertThat(folded.find()).as("jvmOptions in values.yaml").isTrue();
    String chart = String.join(" ", folded.group(1).trim().split("\\s+"));
    assertThat(Options.DEFAULT_JVM_FLAGS).isEqualTo("-XX:MaxRAM=384m " + chart);
    assertThat(values).contains("limits: {memory: 384Mi}");
  }

  @Test
  void renderOnlyRewritesAnEarlierRunsReport() throws Exception {
    Options o = Options.parse(new String[] {"--render", "bench/results", "--burst-budget=1100"});
    assertThat(o.render).isEqualTo(java.nio.file.Path.of("bench/results"));
    assertThat(o.burstBudget).isEqualTo(1100);
  }

  @Test
  void restartPhaseFlags() {
    Options o =
        parse(
            "--restart-sizes",
            "200,2k",
            "--restart-samples=5",
            "--restart-idle-seconds",
            "7",
            "--reloader-bin",
            "/opt/reloader",
            "--heap-dump-dir",
            "/tmp/dumps",
            "--restart-per-namespace",
            "5k",
            "--phases",
            "restart,scale1k");
    assertThat(o.restartSizes).containsExactly(200, 2000);
    assertThat(o.heapDumpDir).isEqualTo(Path.of("/tmp/dumps"));
    assertThat(parse().heapDumpDir).as("no dumps unless asked").isNull();
    assertThat(o.restartSamples).isEqualTo(5);
    assertThat(o.restartPerNamespace).isEqualTo(5000);
    assertThat(parse().restartPerNamespace).isEqualTo(1000);
    assertThat(o.restartIdleSeconds).isEqualTo(7);
    assertThat(o.reloaderBin).isEqualTo(Path.of("/opt/reloader"));
    assertThat(o.withoutReloader).isFalse();
    assertThat(o.phases).containsExactly("scale", "restart");
    Options alone = parse("--reloader-bin", "none");
    assertThat(alone.withoutReloader).isTrue();
    assertThat(Reloader.find(alone)).as("no binary, even with one cached").isNull();
  }

  @Test
  void writeRateAndFailoverAreOptInAndRunInTheirPlace() {
    Options o =
        parse(
            "--phases",
            "failover,writerate,scale200",
            "--writerate-writers",
            "1,8",
            "--writerate-seconds=5",
            "--failover-leases",
            "3/12/20",
            "--failover-credentials",
            "1k",
            "--failover-idle-seconds=9");
    assertThat(o.phases).containsExactly("scale", "writerate", "failover");
    assertThat(o.writeRateWriters).containsExactly(1, 8);
    assertThat(o.writeRateSeconds).isEqualTo(5);
    assertThat(o.failoverLeases).containsExactly(new LeaseTiming(3, 12, 20));
    assertThat(o.failoverCredentials).isEqualTo(1000);
    assertThat(o.failoverIdleSeconds).isEqualTo(9);
    assertThat(parse().failoverLeases)
        .containsExactly(new LeaseTiming(2, 10, 15), new LeaseTiming(10, 30, 45));
    assertThatThrownBy(() -> parse("--failover-leases", "10/5/15"))
        .isInstanceOf(Options.UsageException.class);
  }
}
