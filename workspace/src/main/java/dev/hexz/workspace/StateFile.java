package dev.hexz.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes small JSON state files atomically: a temporary file beside the target,
 * fsynced, renamed over it, and the directory fsynced, so a crash leaves the old file or the
 * new one, never half of one.
 */
public final class StateFile {

    private StateFile() {
    }

    public static WorkspaceState read(Path file) throws IOException {
        JsonNode n;
        try {
            n = JsonTrees.read(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new WorkspaceStateException(file + ": not a workspace state file (" + e.getOriginalMessage() + ")");
        }
        try {
            int version = n.get("version").asInt();
            if (version != WorkspaceState.VERSION) {
                throw new WorkspaceStateException(file + ": state version " + version + " is not supported (this hexz knows "
                        + WorkspaceState.VERSION + ")");
            }
            return new WorkspaceState(version, n.get("id").asText(), n.get("name").asText(),
                    Path.of(n.get("mountPoint").asText()), Path.of(n.get("base").asText()), n.get("baseId").asText(),
                    n.get("generation").asLong(), n.get("created").asLong());
        } catch (NullPointerException e) {
            throw new WorkspaceStateException(file + ": a field of the workspace state is missing");
        }
    }

    public static void write(Path file, WorkspaceState s) throws IOException {
        ObjectNode n = JsonTrees.object();
        n.put("version", s.version());
        n.put("id", s.id());
        n.put("name", s.name());
        n.put("mountPoint", s.mountPoint().toString());
        n.put("base", s.base().toString());
        n.put("baseId", s.baseId());
        n.put("generation", s.generation());
        n.put("created", s.createdMillis());
        writeAtomically(file, JsonTrees.write(n, true));
    }

    /** Replaces {@code file} with {@code bytes} atomically and durably. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = temporary(file);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file.getParent());
    }

    /** The temporary file {@link #writeAtomically} writes beside {@code file} before renaming it over. */
    private static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    /**
     * Deletes the temporary file a process killed inside {@link #writeAtomically} left beside
     * {@code file} (the write never happened: {@code file} is still the old one). Only for the
     * holder of the workspace's lock, the one process that writes its state.
     */
    static void deleteLeftoverTemporary(Path file) throws IOException {
        Files.deleteIfExists(temporary(file));
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }
}
