package dev.hexz.cli;

/**
 * Runs a clean-up if the JVM is stopped (Ctrl-C, SIGTERM) while a command is writing, so that an
 * interrupted {@code pack} or {@code extract} leaves no temporary file behind. Close it when the
 * work is over: the hook is removed and does nothing.
 */
final class OnExit implements AutoCloseable {

    private final Thread hook;

    private OnExit(Runnable cleanUp) {
        this.hook = new Thread(cleanUp, "hexz-cleanup");
    }

    static OnExit run(Runnable cleanUp) {
        OnExit e = new OnExit(cleanUp);
        Runtime.getRuntime().addShutdownHook(e.hook);
        return e;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to undo
        }
    }
}
