package io.stagegate.testing;

import io.stagegate.model.ModelCatalog;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands test classes one catalog of the built-in checkpoints for the whole test run (models load once), closed by
 * JUnit when the run ends. Use with {@code @ExtendWith(SharedCatalog.class)} and a {@link ModelCatalog} parameter.
 */
public final class SharedCatalog implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedCatalog.class);

    private record Holder(ModelCatalog catalog) implements AutoCloseable {
        @Override
        public void close() {
            catalog.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ModelCatalog.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Holder.class, k -> new Holder(TestModels.catalog()), Holder.class).catalog();
    }
}
