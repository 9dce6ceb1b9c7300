package dev.runstore.memory;

import dev.runstore.spi.Operation;
import dev.runstore.spi.OperationEvent;
import dev.runstore.spi.OperationObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** An observer that keeps every event and the context its onStart handed back for it. */
public class RecordingObserver implements OperationObserver {

  /** One onEnd call. */
  public record Ended(OperationEvent event, @Nullable Object context) {}

  private final boolean needsDuration;
  private final AtomicInteger starts = new AtomicInteger();
  final List<Ended> ended = new CopyOnWriteArrayList<>();

  /** Asks for durations. */
  public RecordingObserver() {
    this(true);
  }

  RecordingObserver(boolean needsDuration) {
    this.needsDuration = needsDuration;
  }

  @Override
  public boolean needsDuration() {
    return needsDuration;
  }

  @Override
  public Object onStart(Operation operation, String backend) {
    return operation + "#" + starts.incrementAndGet();
  }

  @Override
  public void onEnd(OperationEvent event, @Nullable Object context) {
    ended.add(new Ended(event, context));
  }

  List<OperationEvent> events() {
    return ended.stream().map(Ended::event).toList();
  }

  OperationEvent last() {
    return ended.get(ended.size() - 1).event();
  }
}
