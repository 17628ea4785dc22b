package io.stagegate.security;

import java.util.Locale;

/** What a key may do: administer (pairs, experiments, ingest), search (search, embed, rerank) or send feedback. */
public enum Role {
    ADMIN, SEARCH, FEEDBACK;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.wire().equals(text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be admin, search or feedback, was '" + text + "'");
    }
}
