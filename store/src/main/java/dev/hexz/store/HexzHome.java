package dev.hexz.store;

import java.nio.file.Path;

/**
 * Where hexz keeps its state: the one place that knows the rule. The system property
 * {@code hexz.home} wins (so that tests running commands in-process can point them at a temporary
 * directory: a JVM cannot change its own environment), then the environment variable
 * {@code HEXZ_HOME}, then {@code ~/.hexz}. Blank values count as unset.
 */
public final class HexzHome {

    /** The system property that overrides {@code HEXZ_HOME} (tests use it). */
    public static final String PROPERTY = "hexz.home";
    /** The environment variable users set. */
    public static final String ENV = "HEXZ_HOME";

    private HexzHome() {
    }

    /** The home directory, absolute (it need not exist yet). */
    public static Path home() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        Path home = p == null || p.isBlank() ? Path.of(System.getProperty("user.home"), ".hexz") : Path.of(p);
        return home.toAbsolutePath().normalize();
    }

    /** The block store's directory: {@code <home>/store}. */
    public static Path store() {
        return home().resolve("store");
    }
}
