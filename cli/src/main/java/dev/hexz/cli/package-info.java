/**
 * The {@code hexz} command line: {@link dev.hexz.cli.HexzMain} (picocli) and one small class per
 * command ({@code pack}, {@code build}, {@code extract}, {@code cat}, {@code inspect},
 * {@code verify}, {@code store stats}, {@code store rebuild}). The only package that prints or
 * calls {@code System.exit}: every failure becomes one line {@code hexz: <message>} on stderr and
 * an exit code from {@link dev.hexz.cli.ExitCodes}; a stack trace only with {@code --verbose}.
 * Commands reach stdin, stdout and stderr through a {@code Terminal}, so tests run them in-process.
 * The commands a workspace user repeats ({@code status}, {@code commit}) and the mount server
 * start without picocli when their command line is plain ({@code PlainCommandLine},
 * {@code MountServerLauncher#plainMountOptions}): picocli's start-up is ~0.3 s of a fresh JVM.
 */
package dev.hexz.cli;
