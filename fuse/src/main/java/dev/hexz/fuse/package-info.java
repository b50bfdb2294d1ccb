/**
 * Mounting any tree through FUSE: a small SPI (a <em>mounted tree</em> answers lookups,
 * directory listings and reads; an <em>open file</em> is a handle on one of its files) with
 * the jnr-fuse adapter behind it. Knows nothing about workspaces. Built by the mount issue.
 */
package dev.hexz.fuse;
