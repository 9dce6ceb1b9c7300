package dev.runstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library quick start compiles and runs as pasted. */
class ReadmeQuickStartTest {

  @TempDir Path dir;

  /** The first {@code ```java} block after the "Quick start (library)" heading. */
  static String quickStart() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("## Quick start (library)");
    assertThat(section).as("the README's quick start section").isNotNegative();
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    int end = readme.indexOf("```", start);
    return readme.substring(start, end);
  }

  @Test
  void theQuickStartCompilesAndRuns() throws Exception {
    Path source = dir.resolve("QuickStart.java");
    Files.writeString(source, quickStart());
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classPath = System.getProperty("java.class.path");
    int compiled = javac.run(null, null, null, "-d", dir.toString(), "-cp", classPath, source.toString());
    assertThat(compiled).as("javac exit code").isZero();

    Path output = dir.resolve("output.txt");
    Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", dir + File.pathSeparator + classPath, "QuickStart")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String printed = Files.readString(output);
    assertThat(run.exitValue()).as(printed).isZero();
    List<String> runs = printed.lines().filter(l -> l.matches("[0-9a-f-]{36} (succeeded|failed)")).toList();
    assertThat(runs).hasSize(5);
    assertThat(printed).contains("failed: 1", "total: 5, succeeded: 4").doesNotContain("No SLF4J providers");
    assertThat(dir.resolve("quickstart-data").resolve("runstore.mv.db")).isRegularFile();
  }
}
