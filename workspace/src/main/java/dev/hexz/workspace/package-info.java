/**
 * Writable workspaces: checkout, status and commit over an overlay of an archive chain, with
 * their state under {@code $HEXZ_HOME/workspaces/<id>/} (workspace/STATE.md).
 *
 * <p>The nouns: a {@link dev.hexz.workspace.Workspace} is one open workspace (its
 * {@link dev.hexz.workspace.WorkspaceState}, its {@link dev.hexz.workspace.WorkspaceLock} and its
 * {@link dev.hexz.workspace.Overlay}). The overlay is the writable tree FUSE serves: nodes
 * ({@code OverlayNode}) built from the base archive's manifest, file bytes in a
 * {@code FileContent} (copy-on-write over a {@code BaseFile} of the base's reference-counted
 * {@code BaseArchive}, written ranges in {@code DirtyRanges}, their bytes in an
 * {@code UpperLayer}'s data files), every change recorded in the upper layer's {@code Journal}
 * before it is acknowledged. A {@link dev.hexz.workspace.FileChange}
 * is one line of a {@link dev.hexz.workspace.WorkspaceStatus}; a
 * {@link dev.hexz.workspace.CommitResult} is what a commit wrote. The
 * {@link dev.hexz.workspace.WorkspaceDaemon} serves a workspace's mount and its
 * {@link dev.hexz.workspace.ControlServer}; commands reach it through a
 * {@link dev.hexz.workspace.WorkspaceClient}, or open the workspace themselves when it is not
 * mounted (both are {@link dev.hexz.workspace.WorkspaceOperations}).
 * {@link dev.hexz.workspace.Workspaces} is the registry of all of them. The control channel's
 * messages ({@code ControlProtocol}) and the state files are JSON trees read and written by
 * {@link dev.hexz.workspace.JsonTrees} (jackson-core streaming, no ObjectMapper: short commands
 * must start fast).
 */
package dev.hexz.workspace;
