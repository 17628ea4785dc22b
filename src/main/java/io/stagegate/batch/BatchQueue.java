package io.stagegate.batch;

import io.stagegate.Priority;
import io.stagegate.batch.Submission.Item;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The waiting items of one checkpoint, by priority, indexed by token length so a batch can be grouped around the
 * oldest item's length. Bounded in tokens. Not thread-safe: the batcher holds its lock around every call.
 */
final class BatchQueue {
    private final BatchPolicy policy;
    private final Map<Priority, ArrayDeque<Item>> arrival = new EnumMap<>(Priority.class);
    private final Map<Priority, TreeMap<Integer, ArrayDeque<Item>>> byLength = new EnumMap<>(Priority.class);
    private long queuedTokens;
    private int queuedItems;

    BatchQueue(BatchPolicy policy) {
        this.policy = policy;
        for (Priority p : Priority.values()) {
            arrival.put(p, new ArrayDeque<>());
            byLength.put(p, new TreeMap<>());
        }
    }

    long queuedTokens() {
        return queuedTokens;
    }

    int queuedItems() {
        return queuedItems;
    }

    /**
     * Whether a submission of {@code tokens} would be admitted right now, counting lower-priority work it may shed:
     * the queue's tokens, its own included, must stay within the configured cap, and the work ahead of it within
     * {@code aheadLimit} (max-queue-delay at the measured rate). Lower priorities get their share of both. An empty
     * queue always admits.
     */
    boolean hasRoom(Priority priority, long tokens, long aheadLimit) {
        if (queuedItems == 0) {
            return true;
        }
        if (priority == Priority.INTERACTIVE) {
            long ahead = queuedTokens - sheddable();
            return ahead + tokens <= policy.queueTokens() && ahead <= aheadLimit;
        }
        double share = policy.lowPriorityShare();
        return queuedTokens + tokens <= (long) (policy.queueTokens() * share) && queuedTokens <= (long) (aheadLimit * share);
    }

    /** The part of {@link #hasRoom} that does not depend on the newcomer's size: is there too much work ahead? */
    boolean tooMuchAhead(Priority priority, long aheadLimit) {
        if (queuedItems == 0) {
            return false;
        }
        return priority == Priority.INTERACTIVE ? queuedTokens - sheddable() > aheadLimit
                : queuedTokens > (long) (aheadLimit * policy.lowPriorityShare());
    }

    private long sheddable() {
        long t = 0;
        for (Priority p : new Priority[] {Priority.SHADOW, Priority.BACKGROUND}) {
            for (Item i : arrival.get(p)) {
                if (i.queued) {
                    t += i.tokens();
                }
            }
        }
        return t;
    }

    /**
     * Adds a submission, evicting the newest lower-priority submissions when interactive work needs their room.
     * Callers check {@link #hasRoom} first. Returns the evicted submissions, whose callers must be told.
     */
    List<Submission<?>> add(Submission<?> s) {
        List<Submission<?>> evicted = new ArrayList<>();
        long tokens = s.tokens();
        if (s.priority == Priority.INTERACTIVE) {
            for (Priority p : new Priority[] {Priority.BACKGROUND, Priority.SHADOW}) {
                Iterator<Item> newestFirst = arrival.get(p).descendingIterator();
                while (queuedTokens + tokens > policy.queueTokens() && newestFirst.hasNext()) {
                    Item i = newestFirst.next();
                    if (i.queued && !evicted.contains(i.owner)) {
                        evicted.add(i.owner);
                        remove(i.owner);
                    }
                }
            }
        }
        for (Item i : s.items) {
            arrival.get(s.priority).addLast(i);
            byLength.get(s.priority).computeIfAbsent(i.tokens(), k -> new ArrayDeque<>()).addLast(i);
            queuedTokens += i.tokens();
            queuedItems++;
        }
        return evicted;
    }

    /** Removes every still-queued item of a submission (cancelled, expired or evicted). Returns how many. */
    int remove(Submission<?> s) {
        int removed = 0;
        for (Item i : s.items) {
            if (i.queued) {
                take(i);
                removed++;
            }
        }
        return removed;
    }

    /** The oldest queued item of the most urgent non-empty priority, or null. */
    Item oldest() {
        for (Priority p : Priority.values()) {
            ArrayDeque<Item> q = arrival.get(p);
            while (!q.isEmpty() && !q.peekFirst().queued) {
                q.pollFirst();
            }
            if (!q.isEmpty()) {
                return q.peekFirst();
            }
        }
        return null;
    }

    /**
     * Takes the next batch around {@code anchor} (the oldest item of the most urgent priority): items of its priority
     * (and, without cross-request batching, of its submission) are considered oldest submission first, nearest length
     * first, and each joins if the batch stays within max-batch-size, max-batch-tokens and max-padding. Age first keeps
     * a request's items from being overtaken by newer requests of similar length; the padding bound keeps the grouping.
     * Linear-logarithmic in the queue, which the queue-delay bound keeps small next to one inference call.
     */
    List<Item> takeBatch(Item anchor) {
        List<Item> candidates = new ArrayList<>();
        for (Item i : arrival.get(anchor.owner.priority)) {
            if (i.queued && i != anchor && (policy.crossRequest() || i.owner == anchor.owner)) {
                candidates.add(i);
            }
        }
        candidates.sort(java.util.Comparator.<Item>comparingLong(i -> i.owner.id)
                .thenComparingInt(i -> Math.abs(i.tokens() - anchor.tokens())));
        List<Item> batch = new ArrayList<>();
        batch.add(anchor);
        int width = anchor.tokens();
        long real = anchor.tokens();
        for (Item candidate : candidates) {
            if (batch.size() >= policy.maxBatchSize()) {
                break;
            }
            int newWidth = Math.max(width, candidate.tokens());
            long padded = (long) (batch.size() + 1) * newWidth;
            if (padded <= policy.maxBatchTokens() && padded <= policy.maxPadding() * (real + candidate.tokens())) {
                width = newWidth;
                real += candidate.tokens();
                batch.add(candidate);
            }
        }
        for (Item i : batch) {
            take(i);
        }
        return batch;
    }

    private void take(Item i) {
        ArrayDeque<Item> bucket = byLength.get(i.owner.priority).get(i.tokens());
        if (bucket != null) {
            bucket.remove(i);
            if (bucket.isEmpty()) {
                byLength.get(i.owner.priority).remove(i.tokens());
            }
        }
        markTaken(i);
    }

    private void markTaken(Item i) {
        i.queued = false;
        queuedTokens -= i.tokens();
        queuedItems--;
    }
}
