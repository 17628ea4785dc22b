package io.stagegate.api.grpc;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.stagegate.Deadline;
import io.stagegate.Priority;
import io.stagegate.api.grpc.v1.EmbedRequest;
import io.stagegate.api.grpc.v1.RerankRequest;
import io.stagegate.api.grpc.v1.SearchEvent;
import io.stagegate.api.grpc.v1.SearchRequest;
import io.stagegate.api.grpc.v1.StagegateGrpc;
import io.stagegate.batch.InferenceBatcher;
import io.stagegate.batch.Submission;
import io.stagegate.model.BuiltinCheckpoints;
import io.stagegate.model.Encoded;
import io.stagegate.catalog.Gateway;
import jakarta.inject.Inject;
import io.stagegate.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real gRPC client built from the generated stubs, against the gateway on its HTTP port. */
@QuarkusTest
class SearchGrpcServiceTest {
    @GrpcClient("stagegate")
    StagegateGrpc.StagegateBlockingStub client;

    @Inject
    Gateway gateway;

    @Test
    void unarySearchReturnsRankedHits() {
        var response = client.search(SearchRequest.newBuilder().setQuery("how do plants make energy from sunlight")
                .setTopN(3).build());
        assertEquals(3, response.getHitsCount());
        assertEquals("photosynthesis", response.getHits(0).getId());
        assertEquals("default", response.getPair());
        assertTrue(response.getTimings().getEmbedMs() > 0);
    }

    @Test
    void streamingSearchSendsCandidatesBeforeResultsAndThenDone() {
        List<SearchEvent> events = new ArrayList<>();
        client.searchStream(SearchRequest.newBuilder().setQuery("honeybee waggle dance").setPair("rerank").build())
                .forEachRemaining(events::add);
        assertEquals(List.of(SearchEvent.EventCase.CANDIDATES, SearchEvent.EventCase.RESULTS, SearchEvent.EventCase.DONE),
                events.stream().map(SearchEvent::getEventCase).toList());
        assertEquals(8, events.get(0).getCandidates().getCandidatesCount());
        assertEquals(5, events.get(1).getResults().getHitsCount());
    }

    @Test
    void embedAndRerankWork() {
        var embedded = client.embed(EmbedRequest.newBuilder().setModel("all-minilm-l6-v2").addInputs("hello")
                .addInputs("world").build());
        assertEquals(2, embedded.getEmbeddingsCount());
        assertEquals(384, embedded.getEmbeddings(0).getValuesCount());
        var reranked = client.rerank(RerankRequest.newBuilder().setModel(BuiltinCheckpoints.SYNTHETIC_CROSS_ENCODER)
                .setQuery("q").addDocuments("a").addDocuments("b").addDocuments("c").setTopN(2).build());
        assertEquals(2, reranked.getResultsCount());
    }

    @Test
    void errorsMapToStatusCodesNamingTheProblem() {
        var unknownPair = assertThrows(StatusRuntimeException.class,
                () -> client.search(SearchRequest.newBuilder().setQuery("x").setPair("nope").build()));
        assertEquals(Status.Code.NOT_FOUND, unknownPair.getStatus().getCode());
        assertTrue(unknownPair.getStatus().getDescription().contains("nope"));
        var blank = assertThrows(StatusRuntimeException.class,
                () -> client.search(SearchRequest.newBuilder().setQuery(" ").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, blank.getStatus().getCode());
        var badTopN = assertThrows(StatusRuntimeException.class,
                () -> client.search(SearchRequest.newBuilder().setQuery("x").setTopN(0).build()));
        assertTrue(badTopN.getStatus().getDescription().contains("topN"));
    }

    /** Holds the reranker's worker busy with a long batch so that later work queues behind it. */
    private Submission<Double> occupyReranker(InferenceBatcher<Double> batcher) {
        var ce = gateway.crossEncoder(BuiltinCheckpoints.SYNTHETIC_CROSS_ENCODER).crossEncoder();
        List<String> docs = new ArrayList<>();
        // Exactly one batch (max-batch-size 32), so the worker takes it all and the queue is empty behind it.
        for (int i = 0; i < 32; i++) {
            docs.add("long filler document number " + i + " ".repeat(1) + "about lighthouses and ships ".repeat(120));
        }
        List<Encoded> filler = ce.encode("filler query", docs);
        return batcher.submit(filler, Priority.INTERACTIVE, Deadline.NONE);
    }

    @Test
    void cancellingAStreamMidwayDropsItsQueuedRerankWork() throws Exception {
        InferenceBatcher<Double> batcher = gateway.crossEncoder(BuiltinCheckpoints.SYNTHETIC_CROSS_ENCODER).batcher();
        Submission<Double> busy = occupyReranker(batcher);
        long before = batcher.computedItems();
        Context.CancellableContext call = Context.current().withCancellation();
        call.run(() -> {
            Iterator<SearchEvent> stream = client.searchStream(SearchRequest.newBuilder().setQuery("coral reef bleaching")
                    .setPair("rerank").build());
            assertEquals(SearchEvent.EventCase.CANDIDATES, stream.next().getEventCase());
            // The 8 candidates are now tokenised and queued behind the filler; the client goes away.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (batcher.queuedItems() < 8 && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertTrue(batcher.queuedItems() >= 8, "rerank work never queued");
            call.cancel(null);
        });
        Eventually.until(Duration.ofSeconds(10), () -> batcher.queuedItems() == 0, "the cancelled work leaves the queue");
        busy.future().get(60, TimeUnit.SECONDS);
        assertEquals(0, batcher.queuedItems());
        // Only the 32 filler items ran; the cancelled stream's candidates were never scored.
        assertEquals(before + 32, batcher.computedItems());
    }

    @Test
    void aPassedDeadlineEndsTheCallAndItsQueuedWorkIsNeverComputed() throws Exception {
        InferenceBatcher<Double> batcher = gateway.crossEncoder(BuiltinCheckpoints.SYNTHETIC_CROSS_ENCODER).batcher();
        Submission<Double> busy = occupyReranker(batcher);
        long before = batcher.computedItems();
        var e = assertThrows(StatusRuntimeException.class, () -> client.withDeadlineAfter(Duration.ofMillis(400))
                .search(SearchRequest.newBuilder().setQuery("glaciers and fjords").setPair("rerank").build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        busy.future().get(60, TimeUnit.SECONDS);
        Eventually.until(Duration.ofSeconds(5), () -> batcher.queuedItems() == 0, "the expired work leaves the queue");
        assertEquals(0, batcher.queuedItems());
        assertEquals(before + 32, batcher.computedItems());
    }
}
