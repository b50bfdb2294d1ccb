package dev.hexz.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ChainBlockLookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A commit interrupted at any step leaves either the old state with every change or the new one. */
class CrashRecoveryTest extends WorkspaceTestSupport {

    private static void change(Overlay o) throws IOException {
        write(o, "/data/big.bin", 777_777, random(5000, 1));
        create(o, "/added.txt", 0644, utf8("added"));
        o.remove("/docs/guide.md");
        o.rename("/run.sh", "/bin.sh");
        o.makeSymlink("bin.sh", "/run", CALLER);
    }

    /** What {@code Workspace.writePending} writes before a commit starts its archive. */
    private void writePending(Workspace w, Path output) throws IOException {
        ObjectNode n = JsonTrees.object();
        n.put("output", output.toString());
        n.put("parentId", w.state().baseId());
        n.put("generation", w.state().generation());
        Files.write(layout().pendingCommit(w.state().id()), n.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anArchivePublishedBeforeTheStateSwitchedIsAdopted() throws IOException {
        Path base = writeBaseArchive(tmp.resolve("base.hxz"));
        String id = newWorkspace(base);
        Path out = tmp.resolve("base-1.hxz");
        Map<String, Node> expect;
        try (Workspace w = open(id)) {
            change(w.overlay());
            expect = tree(w.overlay());
            writePending(w, out);
            try (AutoCloseable frozen = w.overlay().freeze()) {
                CommitWriter.write(w.overlay(), out, Workspace.optionsFor(w.overlay().base()), ChainBlockLookup.none(),
                        null);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            // crash: the state still names the old base
            assertEquals(base, StateFile.read(layout().state(id)).base());
        }
        try (Workspace w = open(id)) {
            assertEquals(out, w.finishedInterrupted());
            assertEquals(out, w.state().base());
            assertEquals(1, w.state().generation());
            try (ArchiveReader a = ArchiveReader.open(out)) {
                assertEquals(a.header().archiveId().toString(), w.state().baseId());
                assertEquals(expect, tree(a));
            }
            assertTrue(w.status().clean(), w.status().toString());
            assertEquals(expect, tree(w.overlay()));
            assertFalse(Files.exists(layout().pendingCommit(id)));
            assertFalse(Files.exists(layout().upper(id, 0)), "the changes are in the archive now");
            // the next commit says which interrupted one it finished, once
            CommitResult r = w.commit(null, null, null, "test");
            assertTrue(r.nothingToCommit());
            assertEquals(out, r.finishedInterrupted());
            assertNull(w.finishedInterrupted());
        }
        try (Workspace w = open(id)) {
            assertNull(w.finishedInterrupted());
            assertEquals(out, w.state().base());
        }
    }

    @Test
    void aCommitInterruptedBeforePublishingLeavesTheOldBaseWithEveryChange() throws IOException {
        Path base = writeBaseArchive(tmp.resolve("base.hxz"));
        String id = newWorkspace(base);
        Path out = tmp.resolve("base-1.hxz");
        Path temp = tmp.resolve(".base-1.hxz.tmp-xyz");
        Map<String, Node> expect;
        WorkspaceStatus status;
        try (Workspace w = open(id)) {
            change(w.overlay());
            expect = tree(w.overlay());
            status = w.status();
            writePending(w, out);
            Files.write(temp, random(10_000, 2)); // half an archive under the writer's temporary name
        }
        Path unrelated = Files.writeString(tmp.resolve(".other.hxz.tmp-abc"), "someone else's");
        try (Workspace w = open(id)) {
            assertNull(w.finishedInterrupted());
            assertEquals(base, w.state().base());
            assertEquals(0, w.state().generation());
            assertEquals(status, w.status());
            assertEquals(expect, tree(w.overlay()));
            assertFalse(Files.exists(layout().pendingCommit(id)));
            assertFalse(Files.exists(temp), "the interrupted commit's temporary file is deleted");
            assertTrue(Files.exists(unrelated), "other temporary files are not ours");
            assertFalse(Files.exists(out));
            // and the changes still commit
            CommitResult r = w.commit(null, null, null, "test");
            assertEquals(out, r.archive());
            try (ArchiveReader a = ArchiveReader.open(out)) {
                assertEquals(expect, tree(a));
            }
        }
    }

    @Test
    void anArchiveThatIsNotAChildOfTheBaseIsNotAdopted() throws IOException {
        Path base = writeBaseArchive(tmp.resolve("base.hxz"));
        String id = newWorkspace(base);
        Path out = tmp.resolve("base-1.hxz");
        WorkspaceStatus status;
        try (Workspace w = open(id)) {
            change(w.overlay());
            status = w.status();
            writePending(w, out);
        }
        // something else appeared under the name: a complete archive, but not the commit
        writeOneFileArchive(out, "other", utf8("other"));
        try (Workspace w = open(id)) {
            assertNull(w.finishedInterrupted());
            assertEquals(base, w.state().base());
            assertEquals(status, w.status());
            assertTrue(Files.exists(out), "not ours to delete");
            assertFalse(Files.exists(layout().pendingCommit(id)));
        }
    }

    @Test
    void aDamagedPendingFileIsIgnored() throws IOException {
        Path base = writeBaseArchive(tmp.resolve("base.hxz"));
        String id = newWorkspace(base);
        WorkspaceStatus status;
        try (Workspace w = open(id)) {
            change(w.overlay());
            status = w.status();
        }
        Files.writeString(layout().pendingCommit(id), "{\"output\": \"/tm");
        try (Workspace w = open(id)) {
            assertEquals(base, w.state().base());
            assertEquals(status, w.status());
            assertFalse(Files.exists(layout().pendingCommit(id)));
        }
    }

    @Test
    void temporaryStateFilesOfAKilledWriteAreDeletedOnOpen() throws IOException {
        // a process killed inside StateFile.writeAtomically (CommitKillIT hits it for real)
        Path base = writeBaseArchive(tmp.resolve("base.hxz"));
        String id = newWorkspace(base);
        WorkspaceStatus status;
        try (Workspace w = open(id)) {
            change(w.overlay());
            status = w.status();
        }
        Path pendingTemp = layout().pendingCommit(id).resolveSibling("commit.pending.tmp");
        Path stateTemp = layout().state(id).resolveSibling("state.json.tmp");
        Files.writeString(pendingTemp, "{\"output\": \"/tm");
        Files.writeString(stateTemp, "{ \"version\" : 1, \"id\" : \"");
        try (Workspace w = open(id)) {
            assertEquals(base, w.state().base());
            assertEquals(status, w.status());
            assertFalse(Files.exists(pendingTemp));
            assertFalse(Files.exists(stateTemp));
        }
    }
}
