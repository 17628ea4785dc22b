/**
 * HTTP transport (JAX-RS on Vert.x): strict JSON bodies to calls, results to JSON, SSE and NDJSON; errors mapped once
 * in {@link io.stagegate.api.http.ErrorMapper}. Uses {@code serving}, the admin services of {@code catalog} and {@code
 * experiments}, and {@code security}; never {@code config} or {@code app}.
 */
package io.stagegate.api.http;
