package dev.runstore.cli;

import dev.runstore.retention.ArchiveLayout;
import dev.runstore.retention.LocalDirectoryArchive;
import dev.runstore.retention.RunArchive;
import dev.runstore.retention.S3Archive;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where {@code purge} writes and {@code restore} reads: a local directory or
 * {@code s3://bucket[/prefix]}, plus the S3 connection settings (credentials come only from
 * the environment or the config file, never from flags).
 */
final class ArchiveOptions {

  @Option(names = "--archive", required = true, paramLabel = "DIR|s3://BUCKET[/PREFIX]",
      description = "Archive location: a local directory (purge creates it if missing) or an S3 bucket with an "
          + "optional key prefix.")
  String location = "";

  @Option(names = "--prefix", paramLabel = "PREFIX",
      description = "Key prefix inside the archive (default 'runstore', or the prefix of the s3:// URI).")
  @Nullable String prefix;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "S3-compatible endpoint (MinIO, Ceph, ...); default AWS. Also RUNSTORE_S3_ENDPOINT.")
  @Nullable String endpoint;

  @Option(names = "--s3-region", paramLabel = "REGION",
      description = "S3 region (default us-east-1). Also RUNSTORE_S3_REGION.")
  @Nullable String region;

  @Option(names = "--s3-path-style", arity = "0..1", fallbackValue = "true", paramLabel = "BOOLEAN",
      description = "Path-style S3 addressing (most S3-compatible stores need it). Also RUNSTORE_S3_PATH_STYLE.")
  @Nullable Boolean pathStyle;

  /** An archive opened from these options, with the key prefix to use. */
  record Opened(RunArchive archive, String prefix, String description) {}

  /** Whether the location is an S3 URI. */
  boolean isS3() {
    return location.toLowerCase(Locale.ROOT).startsWith("s3://");
  }

  /**
   * Checks the location and prefix without touching the archive.
   *
   * @throws IllegalArgumentException for a malformed location or prefix
   */
  String resolvedPrefix() {
    String fromUri = "";
    if (isS3()) {
      fromUri = s3Parts()[1];
    } else if (location.isBlank()) {
      throw new IllegalArgumentException("--archive must not be blank");
    }
    if (prefix != null && !fromUri.isEmpty()) {
      throw new IllegalArgumentException("give the key prefix either in the s3:// URI or as --prefix, not both");
    }
    String p = prefix != null ? prefix : fromUri.isEmpty() ? ArchiveLayout.DEFAULT_PREFIX : fromUri;
    return new ArchiveLayout(p).prefix();
  }

  /** Opens the archive to write to (a local directory is created if missing). */
  Opened open(ConfigResolver.Resolved settings) {
    return open(settings, false);
  }

  /**
   * Opens the archive to read from: a local directory must exist (nothing is created).
   *
   * @throws RunstoreCommand.UsageFailure naming the directory when it does not exist
   */
  Opened openExisting(ConfigResolver.Resolved settings) {
    return open(settings, true);
  }

  private Opened open(ConfigResolver.Resolved settings, boolean mustExist) {
    String p = resolvedPrefix();
    if (!isS3()) {
      Path dir = Path.of(location);
      if (mustExist && !Files.isDirectory(dir)) {
        throw new RunstoreCommand.UsageFailure("--archive " + location + ": no such directory ("
            + dir.toAbsolutePath().normalize() + ")");
      }
      LocalDirectoryArchive archive = new LocalDirectoryArchive(dir);
      return new Opened(archive, p, archive.describe() + " (prefix " + p + ")");
    }
    String bucket = s3Parts()[0];
    S3Archive.Builder b = S3Archive.builder().bucket(bucket);
    boolean fromFlag = endpoint != null && !endpoint.isBlank();
    String ep = firstSet(endpoint, settings.get(ConfigResolver.S3_ENDPOINT));
    if (ep != null) {
      b.endpoint(endpointUri(ep, fromFlag ? "--s3-endpoint" : source(settings, ConfigResolver.S3_ENDPOINT)));
    }
    String r = firstSet(region, settings.get(ConfigResolver.S3_REGION));
    if (r != null) {
      b.region(r);
    }
    Boolean ps = pathStyle != null ? pathStyle : parseBoolean(settings.get(ConfigResolver.S3_PATH_STYLE));
    if (ps != null) {
      b.pathStyle(ps);
    }
    String accessKey = settings.get(ConfigResolver.S3_ACCESS_KEY);
    String secretKey = settings.get(ConfigResolver.S3_SECRET_KEY);
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException(
          "set both RUNSTORE_S3_ACCESS_KEY and RUNSTORE_S3_SECRET_KEY (or neither, for the AWS default credential chain)");
    }
    if (accessKey != null && secretKey != null) {
      b.credentials(accessKey, secretKey);
    }
    S3Archive archive = b.build();
    return new Opened(archive, p, "s3://" + bucket + "/" + p + (ep == null ? "" : " at " + ep));
  }

  /**
   * An S3 endpoint: an absolute {@code http://} or {@code https://} URL with a host.
   *
   * @throws IllegalArgumentException naming {@code where} (the flag, variable or file) otherwise
   */
  static URI endpointUri(String value, String where) {
    String problem;
    try {
      URI uri = new URI(value.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
      problem = "is not an http:// or https:// URL with a host name";
    } catch (URISyntaxException e) {
      problem = "is not a URL (" + e.getReason() + ")";
    }
    throw new IllegalArgumentException(where + " '" + value + "' " + problem
        + ", e.g. http://minio.internal:9000 or https://s3.eu-west-1.amazonaws.com");
  }

  /** Where a setting came from, as the user would look for it. */
  private static String source(ConfigResolver.Resolved settings, String property) {
    ConfigResolver.Source source = settings.sources().get(property);
    if (source == ConfigResolver.Source.FILE) {
      return property + " in " + settings.configFile();
    }
    return dev.runstore.api.RepositoryConfig.environmentVariable(property);
  }

  /** {@code [bucket, prefix]} of an s3:// location. */
  private String[] s3Parts() {
    String rest = location.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String keyPrefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (keyPrefix.endsWith("/")) {
      keyPrefix = keyPrefix.substring(0, keyPrefix.length() - 1);
    }
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("--archive " + location + " names no bucket: use s3://BUCKET[/PREFIX]");
    }
    return new String[] {bucket, keyPrefix};
  }

  private static @Nullable String firstSet(@Nullable String a, @Nullable String b) {
    return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
  }

  private static @Nullable Boolean parseBoolean(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(ConfigResolver.S3_PATH_STYLE + " (RUNSTORE_S3_PATH_STYLE) must be true or false, was '" + value + "'");
  }

  /** A stand-in for dry runs: nothing may be written, so the real archive is not even opened. */
  static RunArchive dryRun(String description) {
    return new RunArchive() {
      @Override
      public void put(String key, byte[] content) {
        throw new IllegalStateException("a dry run writes nothing");
      }

      @Override
      public Optional<byte[]> get(String key) {
        return Optional.empty();
      }

      @Override
      public List<String> list(String keyPrefix) {
        return List.of();
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }
}
