package dev.hexz.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A byte-count progress bar on stderr that appears only once the work has taken about a second,
 * and never when stderr is not a terminal or with {@code --quiet}. Thread-safe: workers may
 * report from any thread. Close it before printing the result, so the bar is cleared.
 */
final class Progress implements LongConsumer, AutoCloseable {

    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;

    private final boolean enabled;
    private final PrintStream err;
    private final String task;
    private final long total;
    private final long started = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private volatile ProgressBar bar;
    private boolean closed;

    private Progress(boolean enabled, PrintStream err, String task, long total) {
        this.enabled = enabled;
        this.err = err;
        this.task = task;
        this.total = total;
    }

    /**
     * A progress bar for {@code task} over {@code total} bytes ({@code -1}: unknown), shown on
     * {@code err} when {@code err} is this process's stderr, stderr is a terminal and not quiet.
     */
    static Progress start(Terminal terminal, String task, long total) {
        return new Progress(terminal.progressAllowed(), terminal.err(), task, total);
    }

    @Override
    public void accept(long bytes) {
        long now = done.addAndGet(bytes);
        if (!enabled) {
            return;
        }
        ProgressBar b = bar;
        if (b == null) {
            long elapsed = System.nanoTime() - started;
            if (elapsed < SHOW_AFTER_NANOS) {
                return;
            }
            b = create(now, elapsed);
            if (b == null) {
                return;
            }
        }
        b.stepTo(now >> 10);
    }

    private synchronized ProgressBar create(long now, long elapsedNanos) {
        if (bar == null && !closed) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total < 0 ? -1 : total >> 10)
                    .setUnit(" MiB", 1024)
                    .showSpeed()
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(err))
                    .clearDisplayOnFinish()
                    .startsFrom(now >> 10, Duration.ofNanos(elapsedNanos))
                    .build();
        }
        return bar;
    }

    /** Bytes reported so far. */
    long done() {
        return done.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
