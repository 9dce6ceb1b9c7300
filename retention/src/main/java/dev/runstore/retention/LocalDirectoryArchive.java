package dev.runstore.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A {@link RunArchive} in a local directory (or a mounted volume): key {@code a/b/c} is the file
 * {@code root/a/b/c}.
 *
 * <p>Durability of {@link #put}: the content goes to a hidden temporary file in the target
 * directory, which is {@code fsync}ed, atomically renamed over the target, and then the directory
 * itself (and every directory this call created, up to the root) is {@code fsync}ed so the new
 * name survives a power loss. A crash leaves either the old file or the complete new one, plus at
 * most a stale {@code .*.tmp} file that {@link #list} ignores.
 */
public final class LocalDirectoryArchive implements RunArchive {

  private final Path root;

  /**
   * An archive rooted at {@code root}, created (with its parents) if missing.
   *
   * @throws ArchiveException when the directory cannot be created
   */
  public LocalDirectoryArchive(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new ArchiveException("cannot create archive directory " + this.root, e);
    }
  }

  /** The root directory. */
  public Path root() {
    return root;
  }

  @Override
  public void put(String key, byte[] content) {
    Path target = resolve(key);
    // resolve() guarantees the target lies strictly inside root, so it has a parent.
    Path dir = java.util.Objects.requireNonNull(target.getParent());
    Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      List<Path> created = createDirectories(dir);
      try (FileChannel channel = FileChannel.open(
          temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new ArchiveException("archive directory does not support atomic rename: " + dir, e);
      }
      syncDirectory(dir);
      // A new directory's own entry lives in its parent: sync upwards over what we created.
      for (Path d : created) {
        Path parent = d.getParent();
        if (parent != null) {
          syncDirectory(parent);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ArchiveException("cannot write archive file " + key + " under " + root, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // A stale temporary file is harmless: list() skips it.
      }
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    Path file = resolve(key);
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ArchiveException("cannot read archive file " + key + " under " + root, e);
    }
  }

  @Override
  public List<String> list(String prefix) {
    List<String> keys = new ArrayList<>();
    // Walk only the deepest directory the prefix names completely.
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash)).normalize();
    if (!start.startsWith(root) || !Files.isDirectory(start)) {
      return keys;
    }
    try (Stream<Path> files = Files.walk(start)) {
      files.filter(Files::isRegularFile).forEach(file -> {
        String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        if (key.startsWith(prefix) && !isHidden(key)) {
          keys.add(key);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw new ArchiveException("cannot list archive directory " + start, e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public String describe() {
    return "local directory " + root;
  }

  private Path resolve(String key) {
    RunArchive.checkKey(key);
    Path file = root.resolve(key).normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new IllegalArgumentException("archive key escapes the archive root: " + key);
    }
    return file;
  }

  private List<Path> createDirectories(Path dir) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path d = dir; d != null && !d.equals(root) && !Files.isDirectory(d); d = d.getParent()) {
      missing.add(d);
    }
    List<Path> created = new ArrayList<>();
    for (int i = missing.size() - 1; i >= 0; i--) {
      try {
        Files.createDirectory(missing.get(i));
        created.add(missing.get(i));
      } catch (FileAlreadyExistsException e) {
        // Created concurrently: fine.
      }
    }
    return created;
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static boolean isHidden(String key) {
    for (String segment : key.split("/")) {
      if (segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
