package io.stagegate;

/** Who is waiting: interactive search is served first; shadow and background work fill spare capacity and are shed first. */
public enum Priority {
    INTERACTIVE,
    SHADOW,
    BACKGROUND
}
