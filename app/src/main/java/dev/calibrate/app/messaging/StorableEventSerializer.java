package dev.calibrate.app.messaging;

import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import java.nio.charset.StandardCharsets;

/**
 * Reads stored events with every U+0000 replaced by U+FFFD. PostgreSQL holds no U+0000 in text or
 * jsonb, and events that carry one were appended before requests refused control characters: every
 * read model that stored such a string failed on it forever, and a replay stopped there. Cleaning
 * the event as it is read, in one place, lets every projection (JDBC or JPA, text or jsonb) store
 * it, and keeps the store itself as it was written. Writing is untouched.
 */
public final class StorableEventSerializer implements Serializer {

    private static final byte[] NUL_ESCAPE = "\\u0000".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT_ESCAPE = "\\uFFFD".getBytes(StandardCharsets.US_ASCII);

    private final Serializer delegate;

    public StorableEventSerializer(Serializer delegate) {
        this.delegate = delegate;
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        return delegate.deserialize(storable(serializedObject));
    }

    /** The serialized JSON with each {@code \u0000} escape (the only way JSON carries U+0000) replaced. */
    @SuppressWarnings("unchecked")
    private <S> SerializedObject<S> storable(SerializedObject<S> serialized) {
        S data = serialized.getData();
        if (data instanceof byte[] bytes) {
            byte[] clean = replaceNulEscapes(bytes);
            return clean == bytes ? serialized
                    : new SimpleSerializedObject<>((S) clean, serialized.getContentType(), serialized.getType());
        }
        if (data instanceof String text && text.contains("\\u0000")) {
            byte[] clean = replaceNulEscapes(text.getBytes(StandardCharsets.UTF_8));
            return new SimpleSerializedObject<>((S) new String(clean, StandardCharsets.UTF_8),
                    serialized.getContentType(), serialized.getType());
        }
        return serialized;
    }

    /** {@code json} itself when it holds no U+0000, else a copy without any. */
    static byte[] replaceNulEscapes(byte[] json) {
        byte[] copy = null;
        for (int i = indexOf(json, 0); i >= 0; i = indexOf(json, i + NUL_ESCAPE.length)) {
            // "\\u0000" is a backslash followed by text: only an odd run of backslashes starts an escape
            int backslashes = 0;
            for (int j = i; j >= 0 && json[j] == '\\'; j--) backslashes++;
            if (backslashes % 2 == 1) {
                if (copy == null) copy = json.clone();
                System.arraycopy(REPLACEMENT_ESCAPE, 0, copy, i, REPLACEMENT_ESCAPE.length);
            }
        }
        return copy == null ? json : copy;
    }

    private static int indexOf(byte[] json, int from) {
        outer:
        for (int i = from; i <= json.length - NUL_ESCAPE.length; i++) {
            for (int j = 0; j < NUL_ESCAPE.length; j++) {
                if (json[i + j] != NUL_ESCAPE[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        return delegate.serialize(object, expectedRepresentation);
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }

    /**
     * Equal to every other reader over the same serializer. Axon copies an event's stored bytes as they
     * are only to a serializer equal to the one that read them, and deserializes and serializes again
     * otherwise: the dead-letter queue (its own instance) then failed to park an event whose payload
     * cannot be read, so the processor retried that event for ever and every tenant's read model stopped.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof StorableEventSerializer reader && reader.delegate.equals(delegate);
    }

    @Override
    public int hashCode() {
        return delegate.hashCode();
    }
}
