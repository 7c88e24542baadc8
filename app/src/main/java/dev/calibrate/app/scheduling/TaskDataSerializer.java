package dev.calibrate.app.scheduling;

import com.github.kagkarlsson.scheduler.serializer.JavaSerializer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * db-scheduler's Java serialization, except that task data written by an earlier version whose class
 * has since moved or been renamed still reads. Java serialization stores the data's class name, so
 * moving a task's data record (the connectors' reshaping did, for queued ingests and webhooks) would
 * strand every execution queued before the deploy. The task names the class it expects; when the
 * stored class no longer exists and has exactly the expected class's serializable fields, it is read
 * as the expected class. Anything else fails as before.
 */
final class TaskDataSerializer implements Serializer {

    private final JavaSerializer java = new JavaSerializer();

    @Override
    public byte[] serialize(Object data) {
        return java.serialize(data);
    }

    @Override
    public <T> T deserialize(Class<T> expected, byte[] serialized) {
        if (serialized == null) {
            return null;
        }
        try (ObjectInputStream in = new MovedClassInput(new ByteArrayInputStream(serialized), expected)) {
            return expected.cast(in.readObject());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read task data as " + expected.getName(), e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("could not read task data as " + expected.getName(), e);
        }
    }

    private static final class MovedClassInput extends ObjectInputStream {

        private final Class<?> expected;

        MovedClassInput(InputStream in, Class<?> expected) throws IOException {
            super(in);
            this.expected = expected;
        }

        @Override
        protected ObjectStreamClass readClassDescriptor() throws IOException, ClassNotFoundException {
            ObjectStreamClass stored = super.readClassDescriptor();
            if (exists(stored.getName())) {
                return stored;
            }
            ObjectStreamClass local = ObjectStreamClass.lookup(expected);
            return local != null && sameFields(stored, local) ? local : stored;
        }

        /** Through the application's class loader, as the starter's default does (inside the boot jar too). */
        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (desc.getName().equals(expected.getName())) {
                return expected;
            }
            try {
                return Class.forName(desc.getName(), false, expected.getClassLoader());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }

        private boolean exists(String name) {
            try {
                Class.forName(name, false, expected.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }

        private static boolean sameFields(ObjectStreamClass stored, ObjectStreamClass local) {
            return signature(stored).equals(signature(local));
        }

        private static List<String> signature(ObjectStreamClass descriptor) {
            return Arrays.stream(descriptor.getFields())
                    .sorted(Comparator.comparing(ObjectStreamField::getName))
                    .map(field -> field.getName() + ":" + field.getTypeString() + ":" + field.getTypeCode())
                    .toList();
        }
    }
}
