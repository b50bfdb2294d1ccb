package dev.hexz.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A command's end of the control channel: asks the workspace's daemon to do the work. */
public final class WorkspaceClient implements WorkspaceOperations {

    private final Path socket;

    private WorkspaceClient(Path socket) {
        this.socket = socket;
    }

    /** A client if a daemon answers on {@code socket}. */
    public static Optional<WorkspaceClient> connect(Path socket) {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        WorkspaceClient c = new WorkspaceClient(socket);
        try {
            c.call(request("ping"));
            return Optional.of(c);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode request(String op) {
        return JsonTrees.object().put("op", op);
    }

    private JsonNode call(ObjectNode req) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(java.nio.ByteBuffer.wrap((JsonTrees.line(req) + "\n").getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                // after a SIGKILL the log says nothing: say what brings the workspace back
                throw new IOException("the workspace daemon stopped without answering (killed?); uncommitted changes"
                        + " are safe: 'hexz workspace mount DIR' mounts the workspace again and finishes or discards an"
                        + " interrupted commit (daemon log: " + socket.resolveSibling("daemon.log") + ")");
            }
            JsonNode reply = JsonTrees.read(line);
            if (!reply.path("ok").asBoolean()) {
                throw ControlProtocol.exceptionOf(reply);
            }
            return reply;
        }
    }

    @Override
    public WorkspaceStatus status() throws IOException {
        return ControlProtocol.statusOf(call(request("status")));
    }

    @Override
    public CommitResult commit(String message, Path output, String user, String who) throws IOException {
        ObjectNode r = request("commit").put("who", who);
        if (message != null) {
            r.put("message", message);
        }
        if (output != null) {
            r.put("output", output.toAbsolutePath().normalize().toString());
        }
        if (user != null) {
            r.put("user", user);
        }
        return ControlProtocol.commitOf(call(r));
    }

    @Override
    public void reset(String who) throws IOException {
        call(request("reset").put("who", who));
    }

    @Override
    public void restore(List<String> paths, String who) throws IOException {
        ObjectNode r = request("restore").put("who", who);
        var a = r.putArray("paths");
        paths.forEach(a::add);
        call(r);
    }

    @Override
    public void close() {
        // one connection per request: nothing held
    }
}
