/**
 * Comparing pairs on live traffic: experiment definitions and their registry, sticky weighted assignment ({@link
 * io.stagegate.experiments.Allocation}), the {@link io.stagegate.experiments.Router}, team-draft interleaving, shadow
 * runs and ranked-list comparison. Uses {@code pipeline} (its searchers seam), {@code events} and {@code control};
 * plain Java, no clock or I/O in the routing core.
 */
package io.stagegate.experiments;
