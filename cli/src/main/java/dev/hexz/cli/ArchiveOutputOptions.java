package dev.hexz.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of every command that writes an archive (pack, build, flatten): a picocli mixin. */
final class ArchiveOutputOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = {"-f", "--force"}, description = "Replace OUTPUT if it exists.")
    boolean force;

    /** Worker threads, or null for all cores. */
    Integer threads;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    void threads(int n) {
        if (n < 1) {
            throw new ParameterException(mixee.commandLine(), "--threads must be at least 1, got " + n);
        }
        threads = n;
    }
}
