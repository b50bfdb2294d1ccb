package dev.hexz.fuse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FuseAvailabilityTest {

    @Test
    void aMissingDeviceIsOneActionableLine() {
        Optional<String> p = FuseAvailability.problem(Path.of("/dev/no-such-fuse-device"));
        assertTrue(p.isPresent());
        assertTrue(p.get().contains("/dev/no-such-fuse-device is missing"), p.get());
        assertFalse(p.get().contains("\n"));
    }

    @Test
    void findsProgramsOnThePath() {
        assertTrue(FuseAvailability.onPath("sh"));
        assertFalse(FuseAvailability.onPath("no-such-program-hexz"));
    }
}
