package io.stagegate.serving;

import io.stagegate.Transport;

import io.stagegate.Assignment;
import io.stagegate.ErrorKind;
import io.stagegate.SearchResult;

/** Hears about every served and failed search, whatever its transport; metrics live behind it. */
public interface SearchObserver {
    void served(SearchResult result, Assignment assignment, Transport transport);

    void failed(String pairId, ErrorKind kind, Transport transport);

    SearchObserver NONE = new SearchObserver() {
        @Override
        public void served(SearchResult result, Assignment assignment, Transport transport) {
        }

        @Override
        public void failed(String pairId, ErrorKind kind, Transport transport) {
        }
    };
}
