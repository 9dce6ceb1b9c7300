package dev.runstore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.WorkflowRun;
import dev.runstore.memory.InMemoryWorkflowRunRepository;
import dev.runstore.testkit.TestRuns;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a restore would read ({@link RestoreJob#plan()}, {@link ArchiveReader#select}) is what it
 * reads, and its listener sees every file; manifests name their rows per table.
 */
class RestorePlanTest {

  @TempDir Path dir;

  @Test
  void thePlanIsWhatTheRestoreReadsAndTheListenerSeesEveryFile() {
    InMemoryWorkflowRunRepository repository = new InMemoryWorkflowRunRepository();
    String tenantA = TestRuns.newId();
    String tenantB = TestRuns.newId();
    String app = TestRuns.newId();
    Instant start = Instant.parse("2025-03-01T10:00:00Z");
    List<WorkflowRun> runs = new ArrayList<>();
    for (int day = 0; day < 10; day++) {
      for (String tenant : List.of(tenantA, tenantB)) {
        Instant at = start.plus(day, ChronoUnit.DAYS);
        runs.add(TestRuns.run(tenant, app).createdAt(at).finishedAt(at.plusSeconds(1)).build());
      }
    }
    TestRuns.saveAll(repository, runs);
    try (LocalDirectoryArchive archive = new LocalDirectoryArchive(dir)) {
      RetentionReport purged = RetentionJob.builder(repository, archive).allTenants()
          .cutoff(Instant.parse("2025-04-01T00:00:00Z")).batchSize(2).build().run();
      assertThat(purged.runsDeleted()).isEqualTo(20);

      ArchiveReader reader = new ArchiveReader(archive, ArchiveLayout.defaults());
      ArchiveReader.Listing all = reader.select(null, null, null);
      assertThat(all.batches()).hasSize(10);
      assertThat(all.batches()).allSatisfy(b ->
          assertThat(b.manifest().tableCounts()).containsEntry(BatchManifest.TABLE, (long) b.manifest().rowCount())
              .hasSize(7).containsValues(0L)); // with related rows by default: six related tables, none here
      LocalDate from = LocalDate.of(2025, 3, 5);
      LocalDate to = LocalDate.of(2025, 3, 6);
      ArchiveReader.Listing someDays = reader.select(List.of(tenantA), from, to);
      assertThat(someDays.batches()).isNotEmpty().allSatisfy(b -> {
        assertThat(b.manifest().tenantId()).isEqualTo(tenantA);
        assertThat(LocalDate.ofInstant(b.manifest().last().createdAt(), ZoneOffset.UTC)).isAfterOrEqualTo(from);
        assertThat(LocalDate.ofInstant(b.manifest().first().createdAt(), ZoneOffset.UTC)).isBeforeOrEqualTo(to);
      });

      List<Integer> seen = new ArrayList<>();
      RestoreJob job = RestoreJob.builder(repository, archive).tenant(tenantA).dateRange(from, to)
          .listener(new RestoreListener() {
            @Override
            public void progress(RestoreReport soFar) {
              seen.add(soFar.filesRead());
            }
          })
          .build();
      ArchiveReader.Listing plan = job.plan();
      assertThat(plan.batches()).containsExactlyElementsOf(someDays.batches());
      RestoreReport restored = job.run(plan);
      assertThat(restored.filesRead()).isEqualTo(plan.batches().size());
      assertThat(seen).hasSize(plan.batches().size()).last().isEqualTo(plan.batches().size());
      assertThat(restored.runsRestored()).isEqualTo(2); // tenant A, days 5 and 6
      assertThat(reader.select(List.of(TestRuns.newId()), null, null).batches()).isEmpty();
    }
  }
}
