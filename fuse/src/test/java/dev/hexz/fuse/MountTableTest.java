package dev.hexz.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {

    @Test
    void parsesMountinfoWithEscapesAndOptionalFields() {
        String text = """
                22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda rw
                42 27 0:39 / /tmp/my\\040dir ro,nosuid,nodev,relatime shared:5 master:1 - fuse.hexz /data/a\\134b.hxz ro,user_id=0
                43 27 0:40 / /mnt/x rw - fuse.sshfs host:/ rw
                """;
        List<MountInfo> all = MountTable.parse(text);
        assertEquals(3, all.size());
        MountInfo m = all.get(1);
        assertEquals(Path.of("/tmp/my dir"), m.mountPoint());
        assertEquals("fuse.hexz", m.fsType());
        assertEquals("/data/a\\b.hxz", m.source());
        assertTrue(m.isHexz());
        assertFalse(all.get(2).isHexz());
        assertEquals("ro,nosuid,nodev,relatime", m.options());
        assertEquals("0:39", m.device());
    }

    @Test
    void skipsLinesOfUnknownShape() {
        assertEquals(List.of(), MountTable.parse("garbage\n\n1 2 3\n"));
    }

    @Test
    void theRootIsAlwaysMounted() throws Exception {
        assertTrue(MountTable.at(Path.of("/")).isPresent());
    }
}
