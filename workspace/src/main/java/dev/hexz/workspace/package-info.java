/**
 * Writable workspaces: checkout, status and commit over an overlay of an archive chain, with
 * their state under {@code $HEXZ_HOME/workspaces/<id>/}. Built by the workspace issue.
 */
package dev.hexz.workspace;
