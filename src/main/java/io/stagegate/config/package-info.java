/**
 * The one {@code @ConfigMapping(prefix = "stagegate")} tree ({@link io.stagegate.config.StagegateConfig}), its startup
 * checks ({@link io.stagegate.config.ConfigChecks}), and how its subtrees become the domain's definitions (pairs,
 * experiments, Kafka producers). Uses the definitions of {@code catalog} and {@code experiments}.
 */
package io.stagegate.config;
