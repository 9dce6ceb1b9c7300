package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy's four behaviours against a loopback echo server (no database; ~2 s). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultProxyTest {

  private ServerSocket echo;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          Thread t = new Thread(() -> {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
              in.transferTo(out);
            } catch (IOException ignored) {
              // client gone
            }
          });
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    proxy = FaultProxy.start("127.0.0.1", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  @Test
  void passesStallsCutsAndBlackHoles() throws Exception {
    try (Socket a = connect(2000)) {
      assertThat(roundTrip(a, 1, 2000)).isTrue();

      proxy.stall();
      assertThat(roundTrip(a, 2, 500)).as("stalled: no echo").isFalse();
      try (Socket b = connect(2000)) {
        assertThat(roundTrip(b, 3, 500)).as("a new connection is accepted but stalls too").isFalse();
      }
      proxy.pass();
      // the byte held during the stall arrives now
      assertThat(read(a, 2000)).isEqualTo(2);
      assertThat(roundTrip(a, 4, 2000)).isTrue();

      proxy.blackHole();
      long start = System.nanoTime();
      assertThatThrownBy(() -> connect(700)).isInstanceOf(SocketTimeoutException.class);
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(600));
      assertThat(roundTrip(a, 5, 2000)).as("open connections keep working").isTrue();

      assertThat(proxy.cutAll()).isGreaterThanOrEqualTo(1);
      assertThatThrownBy(() -> {
        a.getOutputStream().write(6);
        if (a.getInputStream().read() < 0) {
          throw new IOException("closed");
        }
      }).isInstanceOf(IOException.class);
    }
    proxy.pass();
    try (Socket c = connect(2000)) {
      assertThat(roundTrip(c, 7, 2000)).isTrue();
    }
  }

  private Socket connect(int timeoutMillis) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), timeoutMillis);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private static boolean roundTrip(Socket s, int value, int timeoutMillis) throws IOException {
    s.getOutputStream().write(value);
    s.getOutputStream().flush();
    try {
      return read(s, timeoutMillis) == value;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private static int read(Socket s, int timeoutMillis) throws IOException {
    s.setSoTimeout(timeoutMillis);
    return new DataInputStream(s.getInputStream()).readUnsignedByte();
  }
}
