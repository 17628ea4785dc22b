/**
 * Experiment reports: the live log of served queries and feedback per experiment, the report built from it or from the
 * topics, and its HTML page. Uses {@code stats} and {@code events}.
 */
package io.stagegate.experiments.report;
