package dev.hexz.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.store.HexzHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commands reach a running workspace over its Unix socket: same answers, same errors. */
class ControlChannelTest extends WorkspaceTestSupport {

    private Path shortHome;
    private Workspace w;
    private ControlServer server;
    private String id;

    @BeforeEach
    void startServer() throws IOException {
        // a Unix socket path must stay short: not under the (long) JUnit temporary directory
        shortHome = Files.createTempDirectory(Path.of("/tmp"), "hz");
        home = shortHome;
        System.setProperty(HexzHome.PROPERTY, shortHome.toString());
        id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        w = open(id);
        server = ControlServer.start(layout().socket(id), w);
        assertTrue(layout().socket(id).toString().length() < 100, layout().socket(id).toString());
    }

    @AfterEach
    void stopServer() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
            if (w != null) {
                w.close();
            }
        } finally {
            deleteTree(shortHome);
        }
    }

    private WorkspaceClient client() {
        return WorkspaceClient.connect(layout().socket(id)).orElseThrow(() -> new AssertionError("no daemon answers"));
    }

    @Test
    void statusCommitRestoreAndResetRoundTrip() throws IOException {
        Overlay o = w.overlay();
        write(o, "/docs/readme.txt", 0, utf8("R"));
        create(o, "/new.txt", 0600, utf8("new"));
        o.rename("/run.sh", "/start.sh");
        o.removeDirectory("/empty");
        o.changeMode("/docs/guide.md", 0600);

        WorkspaceClient c = client();
        assertEquals(w.status(), c.status(), "every field of every change survives the channel");
        assertEquals(5, c.status().changes().size());

        c.restore(List.of("docs/guide.md", "/empty"), "test client");
        assertEquals(List.of("MODIFIED docs/readme.txt", "ADDED new.txt", "RENAMED start.sh"),
                c.status().changes().stream().map(x -> x.kind() + " " + x.path()).toList());

        Path out = tmp.resolve("committed.hxz");
        CommitResult r = c.commit("over the socket", out, "someone", "test client");
        assertEquals(out, r.archive());
        assertEquals(Files.size(out), r.archiveBytes());
        assertEquals(3, r.changes().size());
        assertEquals(out, w.state().base());
        assertTrue(c.status().clean());
        assertEquals(out.toString(), c.status().baseArchive());
        try (ArchiveReader a = ArchiveReader.open(out)) {
            assertEquals(tree(w.overlay()), tree(a));
            assertEquals("over the socket", a.metadata().get("message").asText());
        }

        CommitResult none = c.commit(null, null, null, "test client");
        assertTrue(none.nothingToCommit());

        write(o, "/new.txt", 0, utf8("NEW"));
        o.remove("/start.sh");
        assertEquals(2, c.status().changes().size());
        c.reset("test client");
        assertTrue(c.status().clean());
        assertArrayEquals(utf8("new"), readAll(o, "/new.txt"));
        assertArrayEquals(baseFiles().get("run.sh"), readAll(o, "/start.sh"));
    }

    @Test
    void errorsComeBackAsTheirExceptions() throws IOException {
        create(w.overlay(), "/x", 0644, utf8("x"));
        Path taken = Files.writeString(tmp.resolve("taken.hxz"), "taken");
        WorkspaceClient c = client();
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> c.commit(null, taken, null, "test client"));
        assertTrue(e.getMessage().contains(taken.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("-o"), e.getMessage());
        assertEquals("taken", Files.readString(taken, StandardCharsets.UTF_8));
        assertFalse(c.status().clean(), "the refused commit changed nothing");

        IOException bad = assertThrows(IOException.class, () -> c.restore(List.of("/"), "test client"));
        assertTrue(bad.getMessage().contains("reset"), bad.getMessage());
    }

    @Test
    void operateFindsTheDaemonAndConnectFailsWithoutOne() throws IOException {
        Workspaces all = new Workspaces(layout());
        WorkspaceState s = all.list().get(0);
        assertEquals(id, s.id());
        assertTrue(all.daemonRunning(s));
        try (WorkspaceOperations op = all.operate(s, "test", UID, GID)) {
            assertInstanceOf(WorkspaceClient.class, op);
            assertTrue(op.status().clean());
        }
        server.close();
        server = null;
        assertFalse(Files.exists(layout().socket(id)));
        assertFalse(all.daemonRunning(s));
        assertTrue(WorkspaceClient.connect(layout().socket(id)).isEmpty());
        // a socket file nobody answers on (a daemon that died) is not a daemon
        Files.writeString(layout().socket(id), "");
        assertTrue(WorkspaceClient.connect(layout().socket(id)).isEmpty());
    }
}
