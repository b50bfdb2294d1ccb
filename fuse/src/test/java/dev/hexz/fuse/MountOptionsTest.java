package dev.hexz.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {

    @Test
    void readOnlyArchiveOptions() {
        List<String> args = MountOptions.forArchive("/data/a.hxz").libfuse2Arguments(true);
        assertEquals("-o", args.get(0));
        List<String> o = List.of(args.get(1).split(","));
        assertTrue(o.containsAll(List.of("ro", "kernel_cache", "auto_unmount", "use_ino", "subtype=hexz",
                "fsname=/data/a.hxz", "default_permissions")), o.toString());
        assertFalse(o.contains("allow_other"));
    }

    @Test
    void allowOtherAndNoAutoUnmount() {
        String o = MountOptions.forArchive("x").withAllowOther(true).withAutoUnmount(false).libfuse2Arguments(true).get(1);
        assertTrue(o.contains("allow_other"));
        assertFalse(o.contains("auto_unmount"));
    }

    @Test
    void commasAndBackslashesInTheArchivePathAreEscaped() {
        assertEquals("/d/a\\,b\\\\c.hxz", MountOptions.escape("/d/a,b\\c.hxz"));
    }
}
