package dev.hexz.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The control channel's messages: one JSON object per line each way (workspace/STATE.md).
 * A request has {@code op} ("status", "commit", "reset", "restore", "ping") and its arguments;
 * a reply has {@code ok} and either the result or {@code error} (one line) and {@code kind}
 * ("locked", "state", "exists", "io"), which the client turns back into the exception.
 */
public final class ControlProtocol {

    private ControlProtocol() {
    }

    public static ObjectNode status(WorkspaceStatus s) {
        ObjectNode n = JsonTrees.object();
        n.put("base", s.baseArchive());
        n.put("changedBytes", s.changedBytes());
        n.set("changes", changes(s.changes()));
        return n;
    }

    public static ArrayNode changes(List<FileChange> changes) {
        ArrayNode a = JsonTrees.object().arrayNode();
        for (FileChange c : changes) {
            ObjectNode o = a.addObject();
            o.put("change", c.kind().name().toLowerCase());
            o.put("path", c.path());
            if (c.oldPath() != null) {
                o.put("oldPath", c.oldPath());
            }
            o.put("directory", c.directory());
            o.put("contentChanged", c.contentChanged());
            o.put("oldMode", c.oldMode());
            o.put("newMode", c.newMode());
            o.put("oldSize", c.oldSize());
            o.put("newSize", c.newSize());
        }
        return a;
    }

    static WorkspaceStatus statusOf(JsonNode n) {
        return new WorkspaceStatus(n.path("base").asText(), changesOf(n.path("changes")), n.path("changedBytes").asLong());
    }

    static List<FileChange> changesOf(JsonNode a) {
        List<FileChange> out = new ArrayList<>();
        for (JsonNode o : a) {
            out.add(new FileChange(FileChange.Kind.valueOf(o.path("change").asText().toUpperCase()), o.path("path").asText(),
                    o.hasNonNull("oldPath") ? o.get("oldPath").asText() : null, o.path("directory").asBoolean(),
                    o.path("contentChanged").asBoolean(), o.path("oldMode").asInt(), o.path("newMode").asInt(),
                    o.path("oldSize").asLong(), o.path("newSize").asLong()));
        }
        return out;
    }

    static ObjectNode commit(CommitResult r) {
        ObjectNode n = JsonTrees.object();
        if (r.archive() != null) {
            n.put("archive", r.archive().toString());
        }
        n.put("storedBytes", r.storedBytes());
        n.put("archiveBytes", r.archiveBytes());
        n.set("changes", changes(r.changes()));
        if (r.finishedInterrupted() != null) {
            n.put("finishedInterrupted", r.finishedInterrupted().toString());
        }
        ArrayNode w = n.putArray("warnings");
        r.warnings().forEach(w::add);
        return n;
    }

    static CommitResult commitOf(JsonNode n) {
        List<String> warnings = new ArrayList<>();
        n.path("warnings").forEach(w -> warnings.add(w.asText()));
        return new CommitResult(n.hasNonNull("archive") ? Path.of(n.get("archive").asText()) : null,
                n.path("storedBytes").asLong(), n.path("archiveBytes").asLong(), changesOf(n.path("changes")),
                n.hasNonNull("finishedInterrupted") ? Path.of(n.get("finishedInterrupted").asText()) : null, warnings);
    }

    static ObjectNode failure(Throwable e) {
        ObjectNode n = JsonTrees.object();
        n.put("ok", false);
        n.put("error", String.valueOf(e.getMessage()));
        n.put("kind", e instanceof WorkspaceLockedException ? "locked"
                : e instanceof WorkspaceStateException ? "state"
                : e instanceof FileAlreadyExistsException ? "exists" : "io");
        return n;
    }

    static IOException exceptionOf(JsonNode reply) {
        String msg = reply.path("error").asText("the workspace daemon failed");
        return switch (reply.path("kind").asText()) {
            case "locked" -> new WorkspaceLockedException(msg);
            case "state" -> new WorkspaceStateException(msg);
            case "exists" -> new FileAlreadyExistsException(null, null, msg); // msg names the file already
            default -> new IOException(msg);
        };
    }
}
