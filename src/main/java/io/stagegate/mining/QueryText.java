package io.stagegate.mining;

import java.util.Locale;
import java.util.regex.Pattern;

/** The form under which two query events count as the same question, so one's positive is never the other's negative. */
public final class QueryText {
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private QueryText() {
    }

    public static String normalise(String query) {
        return SPACE.matcher(query.strip().toLowerCase(Locale.ROOT)).replaceAll(" ");
    }
}
