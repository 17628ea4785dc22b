/**
 * API keys and their roles. Uses nothing of ours.
 */
package io.stagegate.security;
