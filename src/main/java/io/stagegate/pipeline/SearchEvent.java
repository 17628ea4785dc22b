package io.stagegate.pipeline;

import io.stagegate.Candidate;
import io.stagegate.ErrorKind;
import io.stagegate.SearchResult;
import io.stagegate.StagegateException;
import io.stagegate.StageTimings;
import java.util.List;

/** What a streamed search emits, in order: candidates (as soon as the index answers), results, done; or error. */
public sealed interface SearchEvent {
    String name();

    /** The stream's last event for a failure: its kind and message, or INTERNAL for anything unexpected. */
    static SearchEvent failed(String requestId, Throwable e) {
        return e instanceof StagegateException se
                ? new Failed(requestId, se.kind(), se.getMessage())
                : new Failed(requestId, ErrorKind.INTERNAL, "internal error: " + e);
    }

    record Candidates(String requestId, String pairId, List<Candidate> candidates, double embedMs, double annMs)
            implements SearchEvent {
        public String name() {
            return "candidates";
        }
    }

    /** {@code contributedBy}: for an interleaved list, the pair that contributed each hit; else empty. */
    record Results(SearchResult result, List<String> contributedBy) implements SearchEvent {
        public Results {
            contributedBy = List.copyOf(contributedBy);
        }

        public Results(SearchResult result) {
            this(result, List.of());
        }

        public String name() {
            return "results";
        }
    }

    record Done(String requestId, String pairId, StageTimings timings) implements SearchEvent {
        public String name() {
            return "done";
        }
    }

    record Failed(String requestId, ErrorKind kind, String message) implements SearchEvent {
        public String name() {
            return "error";
        }
    }
}
