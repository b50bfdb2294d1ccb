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
 *
 * <p>A <em>mount server</em> ({@code MountServer}) is the process that serves one mount; before
 * it says it is ready it runs its <em>warm-up</em> ({@code MountWarmup}: listings and reads of its
 * own mount through the kernel, so the code is compiled before the user's first request), and
 * beside it runs its <em>watchdog</em> ({@code DeadMountWatchdog}: a shell that detaches the mount
 * if the server dies without unmounting).
 */
package dev.hexz.cli;
