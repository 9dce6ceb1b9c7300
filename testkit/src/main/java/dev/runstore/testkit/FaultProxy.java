package dev.runstore.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A small TCP proxy on the loopback interface, in front of one database server, that tests use to
 * inject network faults: {@link #pass() pass through}, {@link #cutAll() cut every connection},
 * {@link #stall() stall} (connections stay open and are accepted, but no byte moves), and
 * {@link #blackHole() black-hole} new connections (their SYN is never answered, so the client's
 * connect itself times out, while open connections keep working).
 *
 * <p>Plain blocking sockets and two daemon threads per connection; at most {@link #MAX_CONNECTIONS}
 * connections (more are closed at once). The black hole needs no privileges: the proxy stops
 * accepting on a listening socket with a backlog of one and fills that backlog with its own
 * connections, after which Linux drops further SYNs. {@link #close()} ends every thread.
 */
public final class FaultProxy implements AutoCloseable {

  /** The most connections forwarded at once; further ones are closed when accepted. */
  public static final int MAX_CONNECTIONS = 128;

  /** Backlog of the listener: small, so that the black hole needs few filler connections. */
  private static final int BACKLOG = 16;

  /** What the proxy does with traffic. */
  public enum Mode {
    /** Forwards both ways. */
    PASS,
    /** Accepts connections but forwards nothing, either way, until the next {@link #pass()}. */
    STALL,
    /** New connections are never accepted (their SYN is dropped); open ones keep forwarding. */
    BLACK_HOLE
  }

  private final InetSocketAddress target;
  private final int port;
  private final Object lock = new Object();
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final List<Socket> fillers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Set<Integer> fillerPorts = ConcurrentHashMap.newKeySet();
  private final ServerSocket listener;
  private boolean acceptorPaused;
  private Mode mode = Mode.PASS;
  private volatile boolean closed;
  private long accepted;
  private long cut;

  private FaultProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
    listener.setSoTimeout(100);
    this.port = listener.getLocalPort();
    thread("fault-proxy-accept-" + port, this::acceptLoop);
  }

  /**
   * A proxy on {@code 127.0.0.1:<free port>} in front of {@code host:port}, passing through.
   *
   * @throws IOException when no loopback port can be bound
   */
  public static FaultProxy start(String host, int port) throws IOException {
    return new FaultProxy(new InetSocketAddress(host, port));
  }

  /** The local port clients connect to (on 127.0.0.1). */
  public int port() {
    return port;
  }

  /** The current mode. */
  public Mode mode() {
    synchronized (lock) {
      return mode;
    }
  }

  /** Connections accepted so far. */
  public long acceptedConnections() {
    synchronized (lock) {
      return accepted;
    }
  }

  /** Connections cut by {@link #cutAll()} so far. */
  public long cutConnections() {
    synchronized (lock) {
      return cut;
    }
  }

  /** Connections open now. */
  public int openConnections() {
    return links.size();
  }

  /**
   * Forwards again: bytes held during a stall are delivered, connections made during a black
   * hole are accepted.
   */
  public void pass() {
    synchronized (lock) {
      mode = Mode.PASS;
      closeFillers();
      lock.notifyAll();
    }
  }

  /** Stops forwarding: open and new connections stay open, no byte moves until {@link #pass()}. */
  public void stall() {
    synchronized (lock) {
      closeFillers();
      mode = Mode.STALL;
      lock.notifyAll();
    }
  }

  /**
   * New connections hang in connect (no SYN-ACK) until {@link #pass()}; open connections keep
   * forwarding. Cut them ({@link #cutAll()}) to force clients to connect anew.
   */
  public void blackHole() throws IOException {
    synchronized (lock) {
      if (mode == Mode.BLACK_HOLE) {
        return;
      }
      mode = Mode.BLACK_HOLE;
      lock.notifyAll();
      // The acceptor notices within its accept timeout and stops accepting.
      while (!acceptorPaused && !closed) {
        try {
          lock.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while pausing the acceptor", e);
        }
      }
      // Nobody accepts now: once the listener's backlog is full, Linux drops further SYNs.
      for (int i = 0; i < BACKLOG + 8; i++) {
        Socket filler = new Socket();
        try {
          filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
          fillers.add(filler);
          fillerPorts.add(filler.getLocalPort());
        } catch (IOException e) {
          filler.close();
          return; // the backlog is full: this connect was not answered
        }
      }
      throw new IOException("the backlog of the listener did not fill: SYNs are not dropped here");
    }
  }

  /** Closes every open connection abruptly (RST to the client and to the server). */
  public int cutAll() {
    int n = 0;
    for (Link link : List.copyOf(links)) {
      link.close(true);
      n++;
    }
    synchronized (lock) {
      cut += n;
      lock.notifyAll();
    }
    return n;
  }

  /** Closes the listener and every connection, and waits (bounded) for every thread. */
  @Override
  public void close() {
    closed = true;
    synchronized (lock) {
      try {
        listener.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      closeFillers();
      lock.notifyAll();
    }
    for (Link link : List.copyOf(links)) {
      link.close(false);
    }
    List<Thread> all;
    synchronized (threads) {
      all = List.copyOf(threads);
    }
    for (Thread t : all) {
      t.interrupt();
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void closeFillers() {
    for (Socket s : fillers) {
      try {
        s.close();
      } catch (IOException ignored) {
        // a filler only held a backlog slot
      }
    }
    fillers.clear();
  }

  private void acceptLoop() {
    while (!closed) {
      synchronized (lock) {
        acceptorPaused = mode == Mode.BLACK_HOLE;
        if (acceptorPaused) {
          lock.notifyAll();
          try {
            lock.wait(100);
          } catch (InterruptedException e) {
            return;
          }
          continue;
        }
      }
      Socket client;
      try {
        client = listener.accept();
      } catch (SocketTimeoutException e) {
        continue; // look at the mode again
      } catch (IOException e) {
        return; // closed
      }
      if (fillerPorts.remove(client.getPort())) {
        closeQuietly(client); // a connection that only held a backlog slot
        continue;
      }
      synchronized (lock) {
        accepted++;
      }
      if (links.size() >= MAX_CONNECTIONS || closed) {
        closeQuietly(client);
        continue;
      }
      thread("fault-proxy-connect-" + port, () -> open(client));
    }
  }

  private void open(Socket client) {
    Socket server = new Socket();
    try {
      client.setTcpNoDelay(true);
      server.setTcpNoDelay(true);
      server.connect(target, 5000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(server);
      return;
    }
    Link link = new Link(client, server);
    links.add(link);
    if (closed) {
      link.close(false);
      return;
    }
    thread("fault-proxy-up-" + port, () -> link.pump(client, server));
    thread("fault-proxy-down-" + port, () -> link.pump(server, client));
  }

  private void thread(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    synchronized (threads) {
      threads.removeIf(x -> !x.isAlive());
      threads.add(t);
    }
    t.start();
  }

  /** Waits while the proxy stalls; false when the proxy or the link closed meanwhile. */
  private boolean awaitForwarding(Link link) {
    synchronized (lock) {
      while (mode == Mode.STALL && !closed && !link.closed) {
        try {
          lock.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return !closed && !link.closed;
    }
  }

  private static void closeQuietly(@Nullable Socket s) {
    if (s == null) {
      return;
    }
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  /** One client connection and its connection to the server. */
  private final class Link {
    private final Socket client;
    private final Socket server;
    private volatile boolean closed;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void pump(Socket from, Socket to) {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        while (true) {
          // Stalled: read nothing, so the sender's buffers fill as with a frozen peer.
          if (!awaitForwarding(this)) {
            return;
          }
          int n = in.read(buffer);
          if (n < 0) {
            return;
          }
          if (!awaitForwarding(this)) {
            return;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the peer closed or the link was cut
      } finally {
        close(false);
      }
    }

    void close(boolean reset) {
      if (closed) {
        return;
      }
      closed = true;
      links.remove(this);
      for (Socket s : new Socket[] {client, server}) {
        try {
          if (reset) {
            s.setSoLinger(true, 0);
          }
        } catch (SocketException ignored) {
          // already closed
        }
        closeQuietly(s);
      }
    }
  }
}
