package io.stagegate.config;

/** What this process is: the serving gateway (listener, demo corpus on first start) or a one-shot CLI command. */
public enum ProcessRole {
    SERVE, CLI
}
