package io.stagegate.api.http;

import io.stagegate.StagegateException;
import io.stagegate.catalog.CheckpointAdmin;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** /v1/admin/checkpoints: register checkpoint directories under the models root while serving (admin role). */
@Path("/v1/admin/checkpoints")
@Produces(MediaType.APPLICATION_JSON)
public class CheckpointResource {
    @Inject
    CheckpointAdmin checkpoints;

    @GET
    @Operation(summary = "Every checkpoint: kind, origin, serving version, backfill progress, the pairs that use it")
    public List<CheckpointAdmin.Status> list() {
        return checkpoints.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register {id, path (under stagegate.models-root), device?}; an existing id gets a new version "
            + "that replaces the old one once its vectors cover the corpus")
    public Response register(CheckpointAdmin.Registration body) {
        if (body == null) {
            throw StagegateException.invalid("request body must be {id, path, device?}");
        }
        return Response.status(202).entity(checkpoints.register(body)).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Forget a runtime checkpoint (refused while a pair uses it)")
    public Response delete(@PathParam("id") String id) {
        checkpoints.delete(id);
        return Response.noContent().build();
    }
}
