package io.stagegate.serving;

import io.smallrye.mutiny.Uni;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Paces the overload refusals of every unary entry point through one {@link RefusalPacer}: a retry storm on embed
 * costs the CPU of searches as much as one on search does.
 */
public final class Refusals {
    private final RefusalPacer pacer;

    /** Up to {@code perSecond} refusals a second go out at once, the others after {@code hold} (zero: all at once). */
    public Refusals(double perSecond, Duration hold, LongSupplier nanoTime) {
        this.pacer = new RefusalPacer(perSecond, hold.toNanos(), nanoTime);
    }

    public static Refusals off() {
        return new Refusals(0, Duration.ZERO, System::nanoTime);
    }

    /** An overload refusal beyond the paced rate goes out after the hold (a timer; nothing waits on a thread). */
    public <T> Uni<T> paced(Uni<T> call) {
        return call.onFailure(e -> e instanceof StagegateException se && se.kind() == ErrorKind.OVERLOADED)
                .recoverWithUni(e -> {
                    long hold = pacer.hold();
                    if (hold == 0) {
                        return Uni.createFrom().failure(e);
                    }
                    StagegateException held = new StagegateException(ErrorKind.OVERLOADED, e.getMessage() + " (answered after "
                            + hold / 1_000_000 + " ms: more than " + (long) pacer.perSecond()
                            + " refusals a second; wait Retry-After before asking again)");
                    return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(hold))
                            .onItem().transformToUni(v -> Uni.createFrom().<T>failure(held))
                            .onTermination().invoke(pacer::released);
                });
    }

    /** Runs {@code call} (which may throw while it starts, e.g. an admission refusal) with its refusal paced. */
    public <T> Uni<T> paced(java.util.function.Supplier<Uni<? extends T>> call) {
        return paced(Uni.createFrom().<T>deferred(call));
    }
}
