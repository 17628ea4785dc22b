/**
 * Offline evaluation on BEIR-layout data through the serving pipeline itself: metrics as pytrec_eval computes them,
 * and the component grid with its report and charts. Uses {@code catalog}, {@code pipeline}, {@code index}, {@code
 * model}, {@code stats}.
 */
package io.stagegate.eval;
