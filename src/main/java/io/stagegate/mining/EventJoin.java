package io.stagegate.mining;

import io.stagegate.events.Event;
import io.stagegate.events.FeedbackEvent;
import io.stagegate.events.QueryEvent;
import io.stagegate.events.ShadowEvent;
import io.stagegate.events.TrainingEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Collects events in any order, drops redeliveries (Kafka delivery is at least once, so the same event id may come
 * twice) and joins feedback to its query by query id within the window. Feedback may come before its query: the
 * join happens only once every event is in.
 */
final class EventJoin {
    private final MiningSettings settings;
    private final Set<String> eventIds = new HashSet<>();
    private final Map<String, QueryEvent> queries = new LinkedHashMap<>();
    private final List<FeedbackEvent> feedback = new ArrayList<>();
    private final Tally counts = new Tally();

    /**
     * @param queries         joined query events in (timestamp, query id) order
     * @param positivesByText every document with positive feedback, by normalised query text: never a negative for
     *                        any query event with that text
     */
    record Joined(List<JoinedQuery> queries, Map<String, Set<String>> positivesByText, Map<String, Long> counts) {
    }

    EventJoin(MiningSettings settings) {
        this.settings = settings;
    }

    /** False when the event was seen before (by event id) and is ignored. */
    boolean add(Event event) {
        if (!eventIds.add(event.eventId())) {
            counts.add("duplicates_dropped");
            return false;
        }
        switch (event) {
            case QueryEvent q when !q.served() -> counts.add("failed_queries_ignored");
            case QueryEvent q -> {
                counts.add("queries_seen");
                if (queries.putIfAbsent(q.queryId(), q) != null) {
                    counts.add("query_ids_reused");
                }
            }
            case FeedbackEvent f -> {
                counts.add("feedback_seen");
                feedback.add(f);
            }
            case TrainingEvent t -> counts.add("other_events_ignored");
            case ShadowEvent s -> counts.add("other_events_ignored");
        }
        return true;
    }

    Joined join() {
        Tally tally = new Tally();
        counts.snapshot().forEach(tally::add);
        Map<String, Instant> times = new HashMap<>();
        queries.forEach((id, q) -> parse(q.timestamp()).ifPresentOrElse(t -> times.put(id, t),
                () -> tally.add("bad_timestamps")));
        List<TimedFeedback> timed = new ArrayList<>();
        for (FeedbackEvent f : feedback) {
            parse(f.timestamp()).ifPresentOrElse(t -> timed.add(new TimedFeedback(f, t)), () -> tally.add("bad_timestamps"));
        }
        // Signals are taken in time order so that "first signalled" does not depend on delivery order.
        timed.sort(Comparator.comparing(TimedFeedback::time).thenComparing(t -> t.event().eventId()));
        Map<String, Set<String>> positives = new HashMap<>();
        Map<String, Map<String, NegativeSource>> negatives = new HashMap<>();
        for (TimedFeedback t : timed) {
            FeedbackEvent f = t.event();
            Instant queryTime = times.get(f.queryId());
            if (queryTime == null) {
                tally.add("feedback_without_query");
                continue;
            }
            if (t.time().isBefore(queryTime.minus(settings.skew())) || t.time().isAfter(queryTime.plus(settings.window()))) {
                tally.add("feedback_outside_window");
                continue;
            }
            tally.add("feedback_joined");
            if (f.positive()) {
                positives.computeIfAbsent(f.queryId(), k -> new LinkedHashSet<>()).add(f.objectId());
            } else if (f.explicitNegative()) {
                negatives.computeIfAbsent(f.queryId(), k -> new LinkedHashMap<>()).putIfAbsent(f.objectId(),
                        "thumbs_down".equals(f.actionName()) ? NegativeSource.THUMBS_DOWN : NegativeSource.GRADED_ZERO);
            }
        }
        List<JoinedQuery> joined = new ArrayList<>();
        Map<String, Set<String>> byText = new HashMap<>();
        queries.values().stream().filter(q -> times.containsKey(q.queryId()))
                .sorted(Comparator.comparing((QueryEvent q) -> times.get(q.queryId())).thenComparing(QueryEvent::queryId))
                .forEach(q -> {
                    JoinedQuery j = new JoinedQuery(q, List.copyOf(positives.getOrDefault(q.queryId(), Set.of())),
                            negatives.getOrDefault(q.queryId(), Map.of()), JoinedQuery.rankingOf(q));
                    joined.add(j);
                    byText.computeIfAbsent(j.normalisedText(), k -> new HashSet<>()).addAll(j.positives());
                });
        return new Joined(joined, byText, tally.snapshot());
    }

    private record TimedFeedback(FeedbackEvent event, Instant time) {
    }

    private static Optional<Instant> parse(String timestamp) {
        try {
            return Optional.of(OffsetDateTime.parse(timestamp).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
