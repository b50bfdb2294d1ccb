package dev.hexz.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Who has a store open: the process that holds RocksDB's {@code LOCK}, written to
 * {@code <store>/hexz-owner} right after it opened the database and removed when it closes it.
 *
 * <p>The file is a courtesy for the message of {@link StoreLockedException}, never the lock
 * itself: the lock is RocksDB's {@code fcntl} lock on {@code LOCK}, which the kernel releases
 * when its process dies, so a killed holder blocks no one. A file left behind by a killed process
 * is simply overwritten by the next owner, and one naming a dead pid is not believed.
 *
 * @param pid the holder's process id
 * @param host the holder's host name (a pid means nothing on another machine)
 * @param command what the holder is doing, e.g. {@code hexz pack data.bin data.hxz}
 * @param sinceMillis when it opened the store
 */
public record StoreOwner(long pid, String host, String command, long sinceMillis) {

    /** The owner file's name inside the store directory (RocksDB ignores files it does not know). */
    public static final String FILE_NAME = "hexz-owner";

    private static volatile String processDescription;

    /** Jackson, only when a store is opened: every hexz command loads this class, few open a store. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /**
     * Says what this process is, for the owner file (the CLI sets {@code hexz <args>}); without
     * it, the process's command line is used.
     */
    public static void describeThisProcess(String description) {
        processDescription = description;
    }

    static StoreOwner thisProcess() {
        ProcessHandle me = ProcessHandle.current();
        String command = processDescription;
        if (command == null) {
            command = me.info().commandLine().orElse("java");
        }
        if (command.length() > 300) {
            command = command.substring(0, 297) + "...";
        }
        return new StoreOwner(me.pid(), hostName(), command, System.currentTimeMillis());
    }

    /** Whether the process this names is running (unknowable for another host: assumed so). */
    public boolean alive() {
        if (!hostName().equals(host)) {
            return true;
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** {@code pid 1234 on host (hexz pack …) since 2024-…Z}. */
    public String describe() {
        return "pid " + pid + (hostName().equals(host) ? "" : " on " + host) + " (" + command + ") since "
                + Instant.ofEpochMilli(sinceMillis);
    }

    /** The owner file of the store in {@code dir}, if there is a readable one. */
    static Optional<StoreOwner> read(Path dir) {
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readString(dir.resolve(FILE_NAME), StandardCharsets.UTF_8));
            return Optional.of(new StoreOwner(n.path("pid").asLong(-1), n.path("host").asText(""),
                    n.path("command").asText("?"), n.path("sinceMillis").asLong(0)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // absent, half-written or garbled: says nothing
        }
    }

    /** Writes this owner to {@code dir} atomically (temporary file, then rename). */
    void write(Path dir) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("pid", pid);
        n.put("host", host);
        n.put("command", command);
        n.put("sinceMillis", sinceMillis);
        n.put("since", Instant.ofEpochMilli(sinceMillis).toString());
        Path tmp = dir.resolve(FILE_NAME + "." + pid + ".tmp");
        Files.writeString(tmp, Json.MAPPER.writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the owner file if it still names this owner (it is called before the lock is released). */
    void remove(Path dir) {
        try {
            if (read(dir).filter(this::equals).isPresent()) {
                Files.deleteIfExists(dir.resolve(FILE_NAME));
            }
        } catch (IOException e) {
            // a stale owner file is harmless: the next owner overwrites it, a dead pid is not believed
        }
    }

    /**
     * This machine's name, without a DNS lookup ({@code InetAddress.getLocalHost()} can take
     * seconds on a badly configured host, and this runs at every open).
     */
    private static String hostName() {
        String h = cachedHostName;
        if (h == null) {
            try {
                h = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
            } catch (IOException | RuntimeException e) {
                h = null;
            }
            if (h == null || h.isEmpty()) {
                h = System.getenv().getOrDefault("HOSTNAME", System.getenv().getOrDefault("COMPUTERNAME", "localhost"));
            }
            cachedHostName = h;
        }
        return h;
    }

    private static volatile String cachedHostName;
}
