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
    private final Duration kernelCacheTimeout;

    private ControlServer(Path socket, ServerSocketChannel server, Workspace workspace, Duration kernelCacheTimeout) {
        this.socket = socket;
        this.server = server;
        this.workspace = workspace;
        this.kernelCacheTimeout = kernelCacheTimeout;
        this.acceptor = new Thread(this::acceptLoop, "hexz-control");
        this.acceptor.setDaemon(true);
    }

    public static ControlServer start(Path socket, Workspace workspace) throws IOException {
        return start(socket, workspace, Duration.ZERO);
    }

    /**
     * Like {@link #start(Path, Workspace)}, for a workspace mounted with the kernel keeping names
     * and attributes for {@code kernelCacheTimeout}: reset and restore change the tree behind the
     * kernel's back, so they answer only once what the kernel cached before has expired (else a
     * dropped file still stats, and a restored file reads cut to its cached size, right after
     * {@code hexz reset} returns).
     */
    public static ControlServer start(Path socket, Workspace workspace, Duration kernelCacheTimeout) throws IOException {
        Files.deleteIfExists(socket);
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > 107) {
            throw new IOException(socket + ": the path is too long for a Unix socket (over 107 bytes); use a shorter HEXZ_HOME");
        }
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        ControlServer c = new ControlServer(socket, s, workspace, kernelCacheTimeout);
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
                awaitKernelCacheExpiry();
                yield JsonTrees.object();
            }
            case "restore" -> {
                List<String> paths = new ArrayList<>();
                req.path("paths").forEach(p -> paths.add(p.asText()));
                workspace.restore(paths, who);
                awaitKernelCacheExpiry();
                yield JsonTrees.object();
            }
            default -> throw new IOException("unknown control request '" + req.path("op").asText() + "'");
        };
    }

    /** Waits until names and attributes the kernel cached before a change behind its back have expired. */
    private void awaitKernelCacheExpiry() throws IOException {
        if (kernelCacheTimeout.isZero()) {
            return;
        }
        try {
            Thread.sleep(kernelCacheTimeout.toMillis() + 100); // + the time a reply takes to reach the kernel
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the kernel's caches expire");
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
