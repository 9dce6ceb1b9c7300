package dev.runstore.retention;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link RunArchive} in a bucket of Amazon S3 or an S3-compatible store (MinIO, Ceph, OSS, ...),
 * through the AWS SDK for Java v2.
 *
 * <p>Durability of {@link #put}: one {@code PutObject} with {@code Content-MD5}, so the store
 * rejects a body damaged in transit; S3 acknowledges a PUT only once the object is stored durably,
 * and a PUT is atomic (readers see the old object or the whole new one). The SHA-256 of the
 * content is kept as user metadata {@code x-amz-meta-sha256} for operators; the job itself
 * verifies by reading the object back.
 */
public final class S3Archive implements RunArchive {

  private final S3Client client;
  private final String bucket;
  private final boolean ownsClient;
  private final int listPageSize;

  /**
   * An archive in {@code bucket} through the caller's client, which {@link #close()} leaves open.
   */
  public S3Archive(S3Client client, String bucket) {
    this(client, bucket, false, 1000);
  }

  private S3Archive(S3Client client, String bucket, boolean ownsClient, int listPageSize) {
    this.client = Objects.requireNonNull(client, "client");
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("bucket must not be null or blank");
    }
    this.bucket = bucket;
    this.ownsClient = ownsClient;
    this.listPageSize = listPageSize;
  }

  /** A builder that creates (and owns) its own client. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void put(String key, byte[] content) {
    RunArchive.checkKey(key);
    PutObjectRequest request = PutObjectRequest.builder()
        .bucket(bucket)
        .key(key)
        .contentLength((long) content.length)
        .contentMD5(Base64.getEncoder().encodeToString(digest("MD5", content)))
        .contentType(key.endsWith(".json") ? "application/json" : "application/gzip")
        .metadata(Map.of("sha256", Hashes.hex(digest("SHA-256", content))))
        .build();
    try {
      client.putObject(request, RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw new ArchiveException("S3 PutObject failed for s3://" + bucket + "/" + key, e);
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    RunArchive.checkKey(key);
    try {
      return Optional.of(client.getObjectAsBytes(
          GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new ArchiveException("S3 GetObject failed for s3://" + bucket + "/" + key, e);
    }
  }

  @Override
  public List<String> list(String prefix) {
    List<String> keys = new ArrayList<>();
    try {
      ListObjectsV2Request request = ListObjectsV2Request.builder()
          .bucket(bucket).prefix(prefix).maxKeys(listPageSize).build();
      for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
        keys.add(object.key());
      }
    } catch (SdkException e) {
      throw new ArchiveException("S3 ListObjectsV2 failed for s3://" + bucket + "/" + prefix, e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public String describe() {
    return "s3://" + bucket;
  }

  /** Closes the client when the builder created it. */
  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  private static byte[] digest(String algorithm, byte[] content) {
    try {
      return MessageDigest.getInstance(algorithm).digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required by every Java platform", e);
    }
  }

  /** Builds an {@link S3Archive} with its own {@link S3Client} (URL-connection HTTP client). */
  public static final class Builder {
    private @Nullable String bucket;
    private @Nullable URI endpoint;
    private String region = "us-east-1";
    private @Nullable AwsCredentialsProvider credentials;
    private boolean pathStyle;
    private int listPageSize = 1000;

    private Builder() {}

    /** The bucket (required). */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** The endpoint of an S3-compatible store; unset means AWS. */
    public Builder endpoint(@Nullable URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The region (default {@code us-east-1}). */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** Static credentials; unset means the SDK's default provider chain. */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      this.credentials = StaticCredentialsProvider.create(
          AwsBasicCredentials.create(accessKeyId, secretAccessKey));
      return this;
    }

    /** Path-style addressing ({@code endpoint/bucket/key}), which most S3-compatible stores need. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** How many keys one ListObjectsV2 call asks for, 1..1000 (default 1000). */
    public Builder listPageSize(int listPageSize) {
      if (listPageSize < 1 || listPageSize > 1000) {
        throw new IllegalArgumentException("listPageSize must be between 1 and 1000, was " + listPageSize);
      }
      this.listPageSize = listPageSize;
      return this;
    }

    /**
     * The archive.
     *
     * @throws IllegalArgumentException when the bucket is missing
     */
    public S3Archive build() {
      if (bucket == null || bucket.isBlank()) {
        throw new IllegalArgumentException("bucket must not be null or blank");
      }
      S3ClientBuilder builder = S3Client.builder()
          .httpClientBuilder(UrlConnectionHttpClient.builder())
          .region(Region.of(region))
          .forcePathStyle(pathStyle)
          // Integrity comes from Content-MD5 (checked by the store) and the job's SHA-256
          // re-read; the SDK's default trailing CRC (aws-chunked upload) is not understood by
          // every S3-compatible store.
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
          .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build());
      if (endpoint != null) {
        builder.endpointOverride(endpoint);
      }
      return new S3Archive(builder.build(), bucket, true, listPageSize);
    }
  }
}
