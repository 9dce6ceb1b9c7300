/**
 * Retention for runstore: purge expired workflow runs after a verified backup to a local
 * directory or an S3-compatible store, and restore them.
 */
module dev.runstore.retention {
  requires transitive dev.runstore.api;
  requires static org.jspecify;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires transitive software.amazon.awssdk.services.s3;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.urlconnection;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.identity.spi;

  exports dev.runstore.retention;
}
