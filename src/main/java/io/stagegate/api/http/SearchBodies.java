package io.stagegate.api.http;

import io.stagegate.StagegateException;
import io.stagegate.Caller;
import io.stagegate.SearchCall;
import io.stagegate.Transport;
import java.time.Duration;
import java.util.Optional;

/** Maps a search body to the transport-neutral call; every decision about it is the search service's. */
final class SearchBodies {
    private SearchBodies() {
    }

    static SearchCall call(SearchBody body, String requestId, Caller caller, Transport transport) {
        if (body == null) {
            throw StagegateException.invalid("request body must be a JSON object with at least a 'query' field");
        }
        return new SearchCall(requestId, body.query(), Optional.ofNullable(body.topN()), Optional.ofNullable(body.candidates()),
                Optional.ofNullable(body.pair()), body.includeText() == null || body.includeText(),
                Optional.ofNullable(body.timeoutMs()).map(Duration::ofMillis), caller, transport,
                io.stagegate.Filter.parse(body.filter()));
    }
}
