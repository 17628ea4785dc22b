package io.stagegate.batch;

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
     * Whether a submission of {@code tokens} would be admitted right now, counting lower-priority work it may shed.
     * {@code limit} is the token bound in force (the configured cap, or less when the measured throughput says the
     * queue already holds more than max-queue-delay of work). An empty queue always admits.
     */
    boolean hasRoom(Priority priority, long tokens, long limit) {
        if (queuedItems == 0) {
            return true;
        }
        if (priority == Priority.INTERACTIVE) {
            return queuedTokens - sheddable() + tokens <= limit;
        }
        return queuedTokens + tokens <= (long) (limit * policy.lowPriorityShare());
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
     * Takes the next batch around {@code anchor}: items of its priority (and, without cross-request batching, of its
     * submission) whose lengths are closest to the anchor's, until the batch is full in items or padded tokens.
     * Linear in the queue, which is bounded and small next to one inference call.
     */
    List<Item> takeBatch(Item anchor) {
        List<Item> sorted = new ArrayList<>();
        for (ArrayDeque<Item> bucket : byLength.get(anchor.owner.priority).values()) {
            for (Item i : bucket) {
                if (i.queued && (policy.crossRequest() || i.owner == anchor.owner)) {
                    sorted.add(i);
                }
            }
        }
        int at = sorted.indexOf(anchor);
        int low = at - 1;
        int high = at + 1;
        List<Item> batch = new ArrayList<>();
        batch.add(anchor);
        int width = anchor.tokens();
        boolean highFits = true;
        while (batch.size() < policy.maxBatchSize()) {
            Item down = low >= 0 ? sorted.get(low) : null;
            Item up = highFits && high < sorted.size() ? sorted.get(high) : null;
            if (down == null && up == null) {
                break;
            }
            boolean pickDown = up == null || (down != null && anchor.tokens() - down.tokens() <= up.tokens() - anchor.tokens());
            Item candidate = pickDown ? down : up;
            int newWidth = Math.max(width, candidate.tokens());
            if ((long) (batch.size() + 1) * newWidth > policy.maxBatchTokens()) {
                if (pickDown) {
                    break; // shorter items never widen the batch, so nothing else fits either
                }
                highFits = false; // longer ones won't fit; shorter ones still might
                continue;
            }
            width = newWidth;
            batch.add(candidate);
            if (pickDown) {
                low--;
            } else {
                high++;
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
