package io.stagegate.api.http;

import io.stagegate.StagegateException;
import io.stagegate.experiments.Experiment;
import io.stagegate.experiments.ExperimentDefinition;
import io.stagegate.experiments.report.ExperimentLog;
import io.stagegate.experiments.report.ExperimentReport;
import io.stagegate.experiments.report.ReportBuilder;
import io.stagegate.experiments.report.ReportHtml;
import io.stagegate.experiments.report.ReportOptions;
import io.stagegate.experiments.Experiments;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** /v1/admin/experiments: define, change, start, stop and delete experiments (admin role). */
@Path("/v1/admin/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {
    @Inject
    Experiments experiments;

    @Inject
    ExperimentLog log;

    public record ArmView(String pair, double weight, int buckets, double share) {
    }

    public record ExperimentView(String id, String mode, String state, int version, String salt, double noiseFloor,
                                 List<ArmView> arms, List<Experiment.Shadow> shadows) {
        static ExperimentView of(Experiment x) {
            Map<String, Integer> counts = x.allocation().counts();
            List<ArmView> arms = x.arms().stream().map(a -> new ArmView(a.pair(), a.weight(),
                    counts.getOrDefault(a.pair(), 0), counts.getOrDefault(a.pair(), 0) / 10_000.0)).toList();
            return new ExperimentView(x.id(), x.mode().wire(), x.state().wire(), x.version(), x.salt(), x.noiseFloor(), arms,
                    x.shadows());
        }
    }

    @GET
    @Operation(summary = "Every experiment")
    public List<ExperimentView> list() {
        return experiments.list().stream().map(ExperimentView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Define an experiment: {id, mode: ab|interleave, arms: [{pair, weight}], shadows: [{pair, "
            + "sampleRate}], noiseFloor, salt, state: draft|running|stopped}")
    public Response create(ExperimentDefinition body) {
        return Response.status(201).entity(ExperimentView.of(experiments.create(require(body)))).build();
    }

    @GET
    @Path("/{id}")
    public ExperimentView get(@PathParam("id") String id) {
        return ExperimentView.of(experiments.require(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace an experiment's definition; a change of arms, weights, mode or salt bumps its version")
    public ExperimentView update(@PathParam("id") String id, ExperimentDefinition body) {
        return ExperimentView.of(experiments.update(id, require(body)));
    }

    @POST
    @Path("/{id}/start")
    @Operation(summary = "Start an experiment as defined (its pairs must be ready; one experiment runs at a time)")
    public ExperimentView start(@PathParam("id") String id) {
        return ExperimentView.of(experiments.start(id));
    }

    @POST
    @Path("/{id}/stop")
    @Operation(summary = "Stop an experiment, keeping its definition and version")
    public ExperimentView stop(@PathParam("id") String id) {
        return ExperimentView.of(experiments.stop(id));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        experiments.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/report")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    @Operation(summary = "The experiment's report from live traffic since start (JSON; HTML page with ?format=html or "
            + "Accept: text/html); ?mde= and ?alpha= set the decision's minimum effect and error rate")
    public Response report(@PathParam("id") String id, @QueryParam("format") String format,
                           @HeaderParam("Accept") String accept, @QueryParam("mde") Double mde,
                           @QueryParam("alpha") Double alpha) {
        Experiment x = experiments.require(id);
        ReportOptions options = ReportOptions.DEFAULT;
        try {
            options = options.withMde(mde == null ? options.mde() : mde).withAlpha(alpha == null ? options.alpha() : alpha);
        } catch (IllegalArgumentException e) {
            throw StagegateException.invalid(e.getMessage());
        }
        ExperimentReport report = new ReportBuilder(ReportBuilder.DEFAULT_ITERATIONS, ReportBuilder.DEFAULT_SEED)
                .build(log.input(id), x.arms().stream().map(Experiment.Arm::pair).toList(), options);
        if (report.queries() == 0) {
            report = report.withNote(ExperimentLog.EMPTY_NOTE.formatted(id));
        }
        boolean html = "html".equals(format) || (format == null && accept != null && accept.contains("text/html"));
        if (format != null && !format.equals("html") && !format.equals("json")) {
            throw StagegateException.invalid("format must be json or html, was " + format);
        }
        return html ? Response.ok(ReportHtml.render(report), MediaType.TEXT_HTML_TYPE).build()
                : Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static ExperimentDefinition require(ExperimentDefinition body) {
        if (body == null) {
            throw StagegateException.invalid("request body must be an experiment object");
        }
        return body;
    }
}
