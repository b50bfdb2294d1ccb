package dev.hexz.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NodeTableTest {

    private final NodeTable nodes = new NodeTable();

    @Test
    void theRootIsOneAndEveryLookedUpNameHasAPath() throws Exception {
        assertEquals("/", nodes.path(NodeTable.ROOT));
        long dir = nodes.lookedUp(NodeTable.ROOT, "dir");
        long file = nodes.lookedUp(dir, "f.txt");
        assertEquals("/dir", nodes.path(dir));
        assertEquals("/dir/f.txt", nodes.path(file));
        assertEquals("/dir/g", nodes.childPath(dir, "g"));
        assertEquals("/top", nodes.childPath(NodeTable.ROOT, "top"));
    }

    @Test
    void aNameLookedUpAgainKeepsItsIdUntilEveryReferenceIsForgotten() throws Exception {
        long a = nodes.lookedUp(NodeTable.ROOT, "a");
        assertEquals(a, nodes.lookedUp(NodeTable.ROOT, "a"));
        nodes.forget(a, 1);
        assertEquals("/a", nodes.path(a), "one reference is still held");
        nodes.forget(a, 1);
        assertThrows(FsException.class, () -> nodes.path(a));
        long again = nodes.lookedUp(NodeTable.ROOT, "a");
        assertNotEquals(a, again, "ids are never reused");
        assertEquals(2, nodes.size());
    }

    @Test
    void renamingADirectoryMovesItsChildrenAndReplacesTheTarget() throws Exception {
        long dir = nodes.lookedUp(NodeTable.ROOT, "dir");
        long child = nodes.lookedUp(dir, "c");
        long target = nodes.lookedUp(NodeTable.ROOT, "other");
        nodes.renamed(NodeTable.ROOT, "dir", NodeTable.ROOT, "other");
        assertEquals("/other/c", nodes.path(child));
        FsException gone = assertThrows(FsException.class, () -> nodes.path(target));
        assertEquals(Errno.ENOENT, gone.errno());
        assertEquals(dir, nodes.lookedUp(NodeTable.ROOT, "other"));
    }

    @Test
    void aRemovedNodeHasNoPathButKeepsItsIdForItsHandles() throws Exception {
        long f = nodes.lookedUp(NodeTable.ROOT, "f");
        nodes.removed(NodeTable.ROOT, "f");
        assertEquals(Errno.ENOENT, assertThrows(FsException.class, () -> nodes.path(f)).errno());
        long recreated = nodes.lookedUp(NodeTable.ROOT, "f");
        assertNotEquals(f, recreated, "a new file under the old name is a new node");
        nodes.forget(f, 1);
        assertEquals("/f", nodes.path(recreated), "forgetting the removed node leaves the new one alone");
    }

    @Test
    void childrenOfARemovedDirectoryHaveNoPath() throws Exception {
        long dir = nodes.lookedUp(NodeTable.ROOT, "d");
        long child = nodes.lookedUp(dir, "c");
        nodes.removed(NodeTable.ROOT, "d");
        assertThrows(FsException.class, () -> nodes.path(child));
        assertThrows(FsException.class, () -> nodes.childPath(dir, "x"));
    }

    @Test
    void theRootIsNeverForgotten() throws Exception {
        nodes.forget(NodeTable.ROOT, 100);
        assertEquals("/", nodes.path(NodeTable.ROOT));
    }
}
