package io.stagegate.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.stagegate.Document;
import io.stagegate.StagegateException;
import io.stagegate.serving.DocumentService;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Ingest (JSON array or NDJSON, all-or-nothing per request), lookup and deletion of corpus documents. */
@Path("/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {
    public static final String NDJSON = "application/x-ndjson";

    @Inject
    DocumentService documents;

    @Inject
    ObjectMapper json;

    public record IngestResponse(String requestId, int ingested, long tookMs, int corpusSize) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest documents (JSON array); idempotent by id, all or nothing")
    public Uni<IngestResponse> ingestJson(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "documents", value = ApiExamples.DOCUMENTS))) String body, @jakarta.ws.rs.core.Context ContainerRequestContext context) {
        return ingest(() -> parser().jsonArray(body), RequestIds.of(context));
    }

    @POST
    @Consumes(NDJSON)
    public Uni<IngestResponse> ingestNdjson(String body, @jakarta.ws.rs.core.Context ContainerRequestContext context) {
        return ingest(() -> parser().ndjson(body), RequestIds.of(context));
    }

    @GET
    @Path("/{id}")
    public Document get(@PathParam("id") String id) {
        return documents.get(id).orElseThrow(() -> StagegateException.notFound("no document with id '" + id + "'"));
    }

    public record DeleteResponse(String requestId, String id, boolean deleted, int corpusSize) {
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a document with all its vectors; durable, and never in a search result once answered "
            + "(on every replica with index.replication=kafka); 404 when there is no such document")
    public Uni<DeleteResponse> delete(@PathParam("id") String id, @jakarta.ws.rs.core.Context ContainerRequestContext context) {
        String requestId = RequestIds.of(context);
        return documents.delete(id).map(existed -> {
            if (!existed) {
                throw StagegateException.notFound("no document with id '" + id + "'");
            }
            return new DeleteResponse(requestId, id, true, documents.size());
        });
    }

    private DocumentParser parser() {
        return new DocumentParser(json, documents::requireCount);
    }

    private Uni<IngestResponse> ingest(java.util.function.Supplier<List<Document>> parse, String requestId) {
        return documents.ingest(parse).map(r -> new IngestResponse(requestId, r.documents(), r.millis(), r.corpusSize()));
    }
}
