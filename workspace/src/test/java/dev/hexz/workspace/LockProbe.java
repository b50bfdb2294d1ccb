package dev.hexz.workspace;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Run in a child JVM by {@link LockTest}: {@code LockProbe HOME ID try} opens the workspace and
 * prints "OPENED" or "LOCKED message"; {@code LockProbe HOME ID hold} opens it, prints "HELD pid"
 * and keeps it until its standard input ends.
 */
public final class LockProbe {

    private LockProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("hexz.home", args[0]);
        WorkspaceLayout layout = WorkspaceLayout.fromEnvironment();
        if (args[2].equals("try")) {
            try (Workspace w = Workspace.open(layout, args[1], "lock probe", 1, 1)) {
                System.out.println("OPENED");
            } catch (WorkspaceLockedException e) {
                System.out.println("LOCKED " + e.getMessage());
            }
        } else {
            try (Workspace w = Workspace.open(layout, args[1], "lock probe", 1, 1)) {
                System.out.println("HELD " + ProcessHandle.current().pid());
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        }
        System.out.flush();
    }
}
