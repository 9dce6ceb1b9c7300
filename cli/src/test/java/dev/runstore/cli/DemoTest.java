package dev.runstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runstore demo} end to end on a shared in-memory repository. */
class DemoTest {

  @TempDir Path dir;

  static long number(String output, String label) {
    Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(label) + "\\s+([0-9,]+)").matcher(output);
    assertThat(m.find()).as("'%s' in %s", label, output).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  @Test
  void demoRunsEveryStepAndItsNumbersAddUp() {
    Cli cli = new Cli().with(b -> b.embeddedDefaults(EmbeddedDefaults.of("in-memory", dir)));
    Cli.Result r = cli.run("demo");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("[1/6]", "[2/6]", "[3/6]", "[4/6]", "[5/6]", "[6/6]", "purge summary",
        "restore summary", "demo summary");
    DemoCommand.Ids ids = DemoCommand.ids(3, 2);
    long created = number(r.out(), "created");
    long purged = number(r.out(), "purged");
    long restored = number(r.out(), "restored");
    long now = number(r.out(), "runs now");
    assertThat(created).isBetween(3L * 2 * 30 * 12, 3L * 2 * 30 * 38);
    assertThat(purged).isPositive().isLessThan(created);
    assertThat(restored).isPositive().isLessThan(purged);
    assertThat(now).isEqualTo(created - purged + restored)
        .isEqualTo(DemoCommand.countAll(cli.repository, ids));
    // The archive went to the data directory.
    assertThat(dir.resolve("archive")).isDirectory();
    assertThat(r.out()).contains(dir.resolve("archive").toAbsolutePath().toString());
    assertThat(cli.lastConfig().repository()).isEqualTo("in-memory");
    assertThat(cli.lastConfig().schemaCreate()).isTrue();
  }

  @Test
  void aSecondDemoReplacesTheFirstAndGivesTheSameNumbers() throws java.io.IOException {
    Cli cli = new Cli();
    String archive = dir.resolve("a").toString();
    Cli.Result first = cli.run("demo", "--tenants", "2", "--apps", "1", "--days", "10", "--keep-days", "5",
        "--archive", archive, "--repository", "in-memory");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Cli.Result second = cli.run("demo", "--tenants", "2", "--apps", "1", "--days", "10", "--keep-days", "5",
        "--archive", archive, "--repository", "in-memory");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("removed " + String.format(java.util.Locale.ROOT, "%,d", number(first.out(), "runs now")) + " runs left by an earlier demo");
    for (String label : new String[] {"created", "purged", "restored", "runs now"}) {
      assertThat(number(second.out(), label)).as(label).isEqualTo(number(first.out(), label));
    }
    assertThat(DemoCommand.countAll(cli.repository, DemoCommand.ids(2, 1))).isEqualTo(number(second.out(), "runs now"));
    try (var prefixes = Files.list(Path.of(archive))) {
      assertThat(prefixes.count()).isEqualTo(2);
    }
  }

  @Test
  void demoSizesAreChecked() {
    Cli cli = new Cli();
    assertThat(cli.run("demo", "--tenants", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("demo", "--days", "x").exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
