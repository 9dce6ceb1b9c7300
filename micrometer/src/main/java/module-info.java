/**
 * Micrometer for runstore: {@link dev.runstore.micrometer.RunstoreMetrics} (timers, row
 * counters, HikariCP pool gauges) and {@link dev.runstore.micrometer.RunstoreObservations} (one
 * Observation, hence one span, per operation).
 */
module dev.runstore.micrometer {
  requires transitive dev.runstore.api;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires static com.zaxxer.hikari;
  requires static org.jspecify;

  exports dev.runstore.micrometer;
}
