package dev.runstore.retention.contract;

import dev.runstore.retention.S3Archive;
import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3-compatible server inside the test JVM: S3Proxy over jclouds' in-memory ("transient")
 * blob store, on 127.0.0.1 and a random free port, with SigV4 authentication. No Docker, no
 * network beyond loopback.
 */
public final class S3TestServer implements AutoCloseable {
  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "runstore-test";
  /** The secret key the server accepts. */
  public static final String SECRET_KEY = "runstore-test-secret";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final URI endpoint;

  private S3TestServer(BlobStoreContext context, S3Proxy proxy, URI endpoint) {
    this.context = context;
    this.proxy = proxy;
    this.endpoint = endpoint;
  }

  /** Starts a server and waits until it accepts requests. */
  public static S3TestServer start() throws Exception {
    Properties overrides = new Properties();
    BlobStoreContext context = ContextBuilder.newBuilder("transient")
        .credentials("identity", "credential")
        .overrides(overrides)
        .build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        context.close();
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    return new S3TestServer(context, proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
  }

  /** The server's endpoint, {@code http://127.0.0.1:port}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Creates {@code bucket} (idempotent). */
  public void createBucket(String bucket) {
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  /** An archive in a new bucket of this server, with its own client. */
  public S3Archive newArchive(String bucket, int listPageSize) {
    createBucket(bucket);
    return S3Archive.builder()
        .endpoint(endpoint)
        .region("us-east-1")
        .credentials(ACCESS_KEY, SECRET_KEY)
        .pathStyle(true)
        .bucket(bucket)
        .listPageSize(listPageSize)
        .build();
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    } finally {
      context.close();
    }
  }
}
