package dev.hexz.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's end of the control channel: a Unix domain socket in the workspace's state
 * directory (mode 0600 by the directory's), one thread per connection, one request per
 * connection. Operations run on the daemon's open {@link Workspace}.
 */
public final class ControlServer implements AutoCloseable {

    private final Path socket;
    private final ServerSocketChannel server;
    private final Workspace workspace;
    private final Thread acceptor;
    private final KernelCaches kernelCaches;

    /**
     * What must happen, after reset or restore changed the tree behind the kernel's back, before
     * the client hears that they are done: else a dropped file still stats, and a restored file
     * reads cut to its cached size, right after {@code hexz reset} returns.
     */
    @FunctionalInterface
    public interface KernelCaches {
        /** For a tree no kernel caches (not mounted). */
        KernelCaches NONE = () -> { };

        void dropStale() throws IOException;

        /** Waits until what the kernel cached for {@code timeout} has expired. */
        static void awaitExpiry(Duration timeout) throws IOException {
            try {
                Thread.sleep(timeout.toMillis() + 100); // + the time a reply takes to reach the kernel
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the kernel's caches expire");
            }
        }
    }

    private ControlServer(Path socket, ServerSocketChannel server, Workspace workspace, KernelCaches kernelCaches) {
        this.socket = socket;
        this.server = server;
        this.workspace = workspace;
        this.kernelCaches = kernelCaches;
        this.acceptor = new Thread(this::acceptLoop, "hexz-control");
        this.acceptor.setDaemon(true);
    }

    public static ControlServer start(Path socket, Workspace workspace) throws IOException {
        return start(socket, workspace, KernelCaches.NONE);
    }

    /** Like {@link #start(Path, Workspace)}, for a mounted workspace whose kernel caches reset and restore must drop. */
    public static ControlServer start(Path socket, Workspace workspace, KernelCaches kernelCaches) throws IOException {
        Files.deleteIfExists(socket);
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > 107) {
            throw new IOException(socket + ": the path is too long for a Unix socket (over 107 bytes); use a shorter HEXZ_HOME");
        }
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        ControlServer c = new ControlServer(socket, s, workspace, kernelCaches);
        c.acceptor.start();
        return c;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread t = new Thread(() -> serve(ch), "hexz-control-request");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            String line = in.readLine();
            ObjectNode reply;
            try {
                reply = handle(JsonTrees.read(line == null ? "{}" : line));
                reply.put("ok", true);
            } catch (Exception e) {
                reply = ControlProtocol.failure(e);
            }
            OutputStream out = Channels.newOutputStream(ch);
            out.write((JsonTrees.line(reply) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // the client went away; an operation it started has finished or failed on its own
        }
    }

    private ObjectNode handle(JsonNode req) throws IOException {
        String who = req.path("who").asText("a client");
        return switch (req.path("op").asText()) {
            case "ping" -> JsonTrees.object().put("pid", ProcessHandle.current().pid());
            case "status" -> ControlProtocol.status(workspace.status());
            case "commit" -> ControlProtocol.commit(workspace.commit(
                    req.hasNonNull("message") ? req.get("message").asText() : null,
                    req.hasNonNull("output") ? Path.of(req.get("output").asText()) : null,
                    req.hasNonNull("user") ? req.get("user").asText() : null, who));
            case "reset" -> {
                workspace.reset(who);
                kernelCaches.dropStale();
                yield JsonTrees.object();
            }
            case "restore" -> {
                List<String> paths = new ArrayList<>();
                req.path("paths").forEach(p -> paths.add(p.asText()));
                workspace.restore(paths, who);
                kernelCaches.dropStale();
                yield JsonTrees.object();
            }
            default -> throw new IOException("unknown control request '" + req.path("op").asText() + "'");
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
