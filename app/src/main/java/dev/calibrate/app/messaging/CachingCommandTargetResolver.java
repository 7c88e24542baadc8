package dev.calibrate.app.messaging;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Answers what Axon's {@link AnnotationCommandTargetResolver} answers (the first method, else the
 * first field, annotated {@link TargetAggregateIdentifier} or {@link TargetAggregateVersion}, with
 * the same errors), but looks for those members once per command class instead of walking every
 * method and field of the class, annotations included, on every command.
 */
public class CachingCommandTargetResolver implements CommandTargetResolver {

    private final Map<Class<?>, Targets> targetsByClass = new ConcurrentHashMap<>();
    private final Function<Class<?>, Targets> inspection;

    public CachingCommandTargetResolver() {
        this(CachingCommandTargetResolver::inspect);
    }

    /** With the inspection a test counts. */
    CachingCommandTargetResolver(Function<Class<?>, Targets> inspection) {
        this.inspection = inspection;
    }

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Targets targets = targetsByClass.computeIfAbsent(command.getPayloadType(), inspection);
        Object identifier;
        Long version;
        try {
            identifier = targets.identifier().read(command.getPayload());
            version = asLong(targets.version().read(command.getPayload()));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("An exception occurred while extracting aggregate information form a command", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("The current security context does not allow extraction of aggregate information from the given command.", e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value provided for the version is not a number.", e);
        }
        if (identifier == null) {
            throw new IllegalArgumentException(String.format("Invalid command. It does not identify the target aggregate. "
                    + "Make sure at least one of the fields or methods in the [%s] class contains the "
                    + "@TargetAggregateIdentifier annotation and that it returns a non-null value.",
                    command.getPayloadType().getSimpleName()));
        }
        return new VersionedAggregateIdentifier(identifier, version);
    }

    private static Long asLong(Object version) {
        if (version == null) {
            return null;
        }
        return version instanceof Number number ? number.longValue() : Long.parseLong(version.toString());
    }

    static Targets inspect(Class<?> commandClass) {
        return new Targets(member(commandClass, TargetAggregateIdentifier.class),
                member(commandClass, TargetAggregateVersion.class));
    }

    private static Member member(Class<?> commandClass, Class<? extends Annotation> annotation) {
        for (Method method : ReflectionUtils.methodsOf(commandClass)) {
            if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
                ReflectionUtils.ensureAccessible(method);
                return method::invoke;
            }
        }
        for (Field field : ReflectionUtils.fieldsOf(commandClass)) {
            if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                return payload -> ReflectionUtils.getFieldValue(field, payload);
            }
        }
        return payload -> null;
    }

    /** Where a command class keeps its aggregate's identifier and expected version. */
    record Targets(Member identifier, Member version) {
    }

    @FunctionalInterface
    interface Member {
        Object read(Object payload) throws InvocationTargetException, IllegalAccessException;
    }
}
