/**
 * Training examples from the events: joining queries with feedback, hard-negative mining, hardness reports, and
 * replaying a BEIR split with simulated users through a running gateway. Uses {@code events}, {@code index}, {@code
 * model}, {@code eval}, {@code stats} and {@code config}.
 */
package io.stagegate.mining;
