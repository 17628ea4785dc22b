/**
 * The one statistics kit and the one SVG writer, shared by the grid and the experiment reports. Plain Java, seeded,
 * nothing of ours.
 */
package io.stagegate.stats;
