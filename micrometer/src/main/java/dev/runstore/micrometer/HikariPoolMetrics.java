package dev.runstore.micrometer;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;

/**
 * HikariCP's own Micrometer tracker on a pool runstore owns. Loaded only when HikariCP is on the
 * class path ({@link #AVAILABLE}), so the in-memory backend needs no HikariCP.
 */
final class HikariPoolMetrics {

  static final boolean AVAILABLE = isPresent("com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory");

  private HikariPoolMetrics() {}

  static void bind(DataSource pool, MeterRegistry registry) {
    // A running pool takes its tracker once; a second registry (a second observer) is skipped.
    if (pool instanceof HikariDataSource hikari && hikari.getMetricsTrackerFactory() == null) {
      hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, HikariPoolMetrics.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
