package io.stagegate.api.http;

import io.smallrye.mutiny.Uni;
import io.stagegate.Filter;
import io.stagegate.StagegateException;
import io.stagegate.serving.DocumentService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Deleting by metadata filter: a takedown or an erasure that names a condition instead of ids. */
@Path("/v1/admin/documents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DocumentAdminResource {
    /** Deletes at most this many unless the body raises {@code max}. */
    static final int DEFAULT_MAX = 10_000;

    @Inject
    DocumentService documents;

    /** @param dryRun true: count what matches, delete nothing */
    public record DeleteByFilterBody(Object filter, Boolean dryRun, Integer max) {
    }

    public record DeleteByFilterResponse(String requestId, int matched, int deleted, boolean dryRun, int corpusSize) {
    }

    @POST
    @Path("/delete-by-filter")
    @Operation(summary = "Delete every document whose metadata match a filter (at most max, default 10,000; more "
            + "matching is a 400 and deletes nothing); dryRun counts only")
    public Uni<DeleteByFilterResponse> deleteByFilter(DeleteByFilterBody body,
                                                      @jakarta.ws.rs.core.Context ContainerRequestContext context) {
        if (body == null) {
            throw StagegateException.invalid("request body must be an object with a 'filter'");
        }
        String requestId = RequestIds.of(context);
        return documents.deleteMatching(Filter.parse(body.filter()), body.max() == null ? DEFAULT_MAX : body.max(),
                        Boolean.TRUE.equals(body.dryRun()))
                .map(r -> new DeleteByFilterResponse(requestId, r.matched(), r.deleted(), r.dryRun(), documents.size()));
    }
}
