package io.stagegate.serving;

import io.stagegate.Transport;

import io.stagegate.Assignment;
import io.stagegate.SearchResult;

/**
 * Where a search's trace goes. {@link #start} runs on the request's own thread, where the transport's server span is
 * current; what it returns records the search's stages once they are done (their durations are measured anyway, so
 * the stage spans are built from them instead of threading a trace context through executors and batchers).
 */
public interface SearchTracer {
    Trace start();

    interface Trace {
        /** The W3C trace id, or null when the request is not traced. */
        String traceId();

        void served(SearchResult result, Assignment assignment, Transport transport);

        void failed(Throwable error);

        Trace NONE = new Trace() {
            @Override
            public String traceId() {
                return null;
            }

            @Override
            public void served(SearchResult result, Assignment assignment, Transport transport) {
            }

            @Override
            public void failed(Throwable error) {
            }
        };
    }

    SearchTracer NONE = () -> Trace.NONE;
}
