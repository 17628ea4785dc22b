/**
 * Every command-line entry point (picocli): serve, ingest, eval and the grid, mine, replay, report, copy-index, bench-
 * limit. Uses {@code app} for its gateways and the packages each command runs.
 */
package io.stagegate.cli;
