package io.stagegate.api.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Assignment;
import io.stagegate.ScoredDocument;
import io.stagegate.SearchResult;
import io.stagegate.StageTimings;
import io.stagegate.api.grpc.v1.Candidate;
import io.stagegate.api.grpc.v1.CandidatesEvent;
import io.stagegate.api.grpc.v1.DoneEvent;
import io.stagegate.api.grpc.v1.Hit;
import io.stagegate.api.grpc.v1.Routing;
import io.stagegate.api.grpc.v1.SearchEvent;
import io.stagegate.api.grpc.v1.SearchResponse;
import io.stagegate.api.grpc.v1.Timings;
import io.stagegate.serving.SearchService;
import io.stagegate.serving.Served;

/** Vocabulary to protobuf messages. */
final class GrpcMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GrpcMessages() {
    }

    static SearchResponse response(Served served) {
        SearchResult r = served.result();
        SearchResponse.Builder b = SearchResponse.newBuilder().setRequestId(r.requestId()).setPair(r.pairId())
                .setTimings(timings(r.timings())).setQueryTokens(r.queryTokens()).setQueryTruncated(r.queryTruncated())
                .setRouting(routing(served.assignment())).setPartial(r.partial());
        for (int i = 0; i < r.hits().size(); i++) {
            ScoredDocument d = r.hits().get(i);
            Hit.Builder h = Hit.newBuilder().setId(d.id()).setTitle(d.title()).setScore(d.score()).setAnnScore(d.annScore())
                    .setAnnRank(d.annRank()).setRank(d.rank());
            if (d.text() != null) {
                h.setText(d.text());
            }
            if (!served.contributedBy().isEmpty()) {
                h.setArm(served.contributedBy().get(i));
            }
            if (d.armScore() != null) {
                h.setArmScore(d.armScore());
            }
            if (!d.metadata().isEmpty()) {
                try {
                    h.setMetadataJson(JSON.writeValueAsString(d.metadata()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("metadata of " + d.id() + " is not serialisable", e);
                }
            }
            b.addHits(h);
        }
        return b.build();
    }

    static Routing routing(Assignment a) {
        Routing.Builder b = Routing.newBuilder().setKind(a.kind().wire());
        if (a.experiment() != null) {
            b.setExperiment(a.experiment()).setVersion(a.version()).setArm(a.arm()).setUnit(a.unit().wire());
        }
        return b.build();
    }

    static Timings timings(StageTimings t) {
        return Timings.newBuilder().setEmbedMs(t.embedMs()).setAnnMs(t.annMs()).setRerankMs(t.rerankMs())
                .setTotalMs(t.totalMs()).setEmbedQueueMs(t.embedQueueMs()).setEmbedInferenceMs(t.embedInferenceMs())
                .setRerankQueueMs(t.rerankQueueMs()).setRerankInferenceMs(t.rerankInferenceMs()).build();
    }

    /** A stream event; failures are not events in gRPC but the stream's closing status. */
    static SearchEvent event(io.stagegate.pipeline.SearchEvent e, SearchService.Streamed stream) {
        return switch (e) {
            case io.stagegate.pipeline.SearchEvent.Candidates c -> {
                CandidatesEvent.Builder b = CandidatesEvent.newBuilder().setEmbedMs(c.embedMs()).setAnnMs(c.annMs());
                c.candidates().forEach(x -> b.addCandidates(Candidate.newBuilder().setId(x.document().id())
                        .setTitle(x.document().title()).setAnnScore(x.annScore()).setAnnRank(x.annRank())));
                yield SearchEvent.newBuilder().setRequestId(c.requestId()).setPair(c.pairId()).setCandidates(b).build();
            }
            case io.stagegate.pipeline.SearchEvent.Results r -> SearchEvent.newBuilder().setRequestId(r.result().requestId())
                    .setPair(r.result().pairId()).setResults(response(new Served(r.result(), stream.assignment(),
                            stream.maxQueryTokens(), r.contributedBy()))).build();
            case io.stagegate.pipeline.SearchEvent.Done d -> SearchEvent.newBuilder().setRequestId(d.requestId())
                    .setPair(d.pairId()).setDone(DoneEvent.newBuilder().setTimings(timings(d.timings()))
                            .setRouting(routing(stream.assignment()))).build();
            case io.stagegate.pipeline.SearchEvent.Failed f -> throw GrpcErrors.status(f.kind(), f.message());
        };
    }
}
