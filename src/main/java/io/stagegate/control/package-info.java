/**
 * Admin state that must outlive a restart (experiments, runtime pairs, checkpoint registrations), kept as JSON files
 * in the data directory and replaced atomically. Uses nothing of ours.
 */
package io.stagegate.control;
