/**
 * Metric names ({@link io.stagegate.observe.MetricNames}) and the meters behind them, tracing, and the health checks.
 * Reads {@code serving}, {@code catalog}, {@code batch}, {@code events}, {@code index}; nothing depends on it but
 * {@code app}.
 */
package io.stagegate.observe;
